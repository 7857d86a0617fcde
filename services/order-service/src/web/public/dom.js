// Every piece of data reaches the page through textContent: nothing here parses HTML, so a
// product or customer name containing markup is shown as the text it is.

/** Builds an element; children are nodes or strings (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Shows a message in a status line; `error` makes it stand out (and not by colour alone: it is prefixed). */
export function say(node, text, { error = false } = {}) {
  node.textContent = error && text ? `Error: ${text}` : text;
  node.classList.toggle('error', error);
}

export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatMoney(amount, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A <dl> filled from [term, value] pairs; a value is a node or text, and a term ending in "id" is set in monospace. */
export function fillSummary(dl, pairs) {
  clear(dl);
  for (const [term, value] of pairs) {
    const shown =
      value instanceof Node ? value : value === null || value === undefined || value === '' ? '–' : String(value);
    dl.append(el('dt', {}, term), el('dd', { className: /\bid$/.test(term) ? 'mono' : undefined }, shown));
  }
}
