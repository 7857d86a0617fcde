// The order form: product lines chosen from the inventory catalogue, the customer, and the POST.
import { api, problemText } from './api.js';
import { clear, el, formatMoney, say } from './dom.js';

let products = [];
let lineCount = 0;

function productOptions() {
  return products.map((p) =>
    el('option', { value: p.productId }, `${p.name} · ${formatMoney(p.unitPrice, p.currency)} (${p.available} left)`),
  );
}

function addLine(form) {
  lineCount += 1;
  const id = `line-${lineCount}`;
  const select = el('select', { id: `${id}-product`, name: 'productId', required: true }, ...productOptions());
  const quantity = el('input', {
    id: `${id}-quantity`,
    name: 'quantity',
    type: 'number',
    min: 1,
    max: 10000,
    value: 1,
    required: true,
    inputmode: 'numeric',
  });
  const remove = el('button', { type: 'button', className: 'secondary' }, 'Remove');
  const line = el(
    'li',
    { className: 'line' },
    // Label beside (not around) the control: a wrapped select would add its option text to the label's name.
    el('div', { className: 'field' }, el('label', { for: select.id }, 'Product'), select),
    el('div', { className: 'field' }, el('label', { for: quantity.id }, 'Quantity'), quantity),
    remove,
  );
  remove.addEventListener('click', () => {
    if (form.querySelectorAll('.line').length > 1) line.remove();
    updateTotal(form);
    form.querySelector('select[name="productId"]')?.focus();
  });
  select.addEventListener('change', () => updateTotal(form));
  quantity.addEventListener('input', () => updateTotal(form));
  form.querySelector('#lines').append(line);
  updateTotal(form);
  return select;
}

/** The lines as the API wants them; money is summed in cents so the total matches to the cent. */
function orderLines(form) {
  return [...form.querySelectorAll('.line')]
    .map((line) => {
      const product = products.find((p) => p.productId === line.querySelector('select').value);
      return { product, quantity: Number(line.querySelector('input').value) };
    })
    .filter((l) => l.product && Number.isInteger(l.quantity) && l.quantity > 0);
}

function totalMinor(lines) {
  return lines.reduce((sum, l) => sum + l.quantity * Math.round(l.product.unitPrice * 100), 0);
}

function updateTotal(form) {
  const lines = orderLines(form);
  form.querySelector('#order-total').textContent = lines.length
    ? formatMoney(totalMinor(lines) / 100, lines[0].product.currency)
    : '–';
}

function requestBody(form) {
  const data = new FormData(form);
  const field = (name) => String(data.get(name) ?? '').trim();
  const names = ['customerId', 'firstName', 'lastName', 'email', 'phone', 'address', 'city', 'state', 'zipCode'];
  const lines = orderLines(form);
  return {
    customerInfo: Object.fromEntries(names.map((name) => [name, field(name)])),
    orderItems: lines.map((l) => ({
      productId: l.product.productId,
      quantity: l.quantity,
      unitPrice: l.product.unitPrice,
    })),
    totalAmount: totalMinor(lines) / 100,
    currency: lines[0]?.product.currency ?? 'USD',
  };
}

async function loadCatalogue(form) {
  const status = form.querySelector('#catalogue-status');
  say(status, 'Loading the catalogue…');
  try {
    products = (await api('/api/v1/ui/catalogue')).products;
    say(status, products.length ? '' : 'The catalogue is empty.');
  } catch (error) {
    say(
      status,
      error.unavailable
        ? 'The catalogue is unavailable right now (inventory service down). Try again later.'
        : error.message,
      { error: true },
    );
  }
  clear(form.querySelector('#lines'));
  form.querySelector('#add-line').disabled = products.length === 0;
  if (products.length) addLine(form);
}

/**
 * One key per order being filled in, kept until the service accepts it: submitting again after a
 * lost answer replays the same order instead of placing a second one. getRandomValues works over plain HTTP.
 */
let pendingKey = null;

function newKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Wires the form; `onPlaced(orderId)` is called after the service accepted the order. */
export function setUpOrderForm(form, onPlaced) {
  form.querySelector('#add-line').addEventListener('click', () => addLine(form).focus());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = form.querySelector('#form-status');
    if (!form.reportValidity()) return;
    const button = form.querySelector('#place-order');
    button.disabled = true;
    say(status, 'Placing the order…');
    try {
      const placed = await api('/api/v1/orders', {
        method: 'POST',
        body: JSON.stringify(requestBody(form)),
        headers: { 'idempotency-key': (pendingKey ??= newKey()) },
      });
      pendingKey = null;
      say(status, `Order ${placed.orderId} placed.`);
      onPlaced(placed.orderId);
    } catch (error) {
      // A refused order will be edited before the next try, and a changed body needs a new key.
      if (!error.unavailable) pendingKey = null;
      say(status, problemText(error), { error: true });
    } finally {
      button.disabled = false;
    }
  });
  return loadCatalogue(form);
}
