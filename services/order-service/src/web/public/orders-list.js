// Recent orders, newest first, optionally filtered by status; each links to its page, emails and tracking.
import { api } from './api.js';
import { clear, el, formatMoney, formatTime, say } from './dom.js';

function orderItem(order) {
  const base = `#order/${order.orderId}`;
  return el(
    'li',
    {},
    el('a', { href: base, className: 'mono', 'aria-label': `Order ${order.orderId}` }, order.orderId.slice(0, 8)),
    el('span', { className: `badge ${order.status}` }, order.status),
    el('span', {}, formatMoney(order.totalAmount, order.currency)),
    el('span', { className: 'meta' }, `${order.customerId} · ${formatTime(order.createdAt)}`),
    el('a', { href: `${base}/emails`, 'aria-label': `Emails of order ${order.orderId}` }, 'Emails'),
    el('a', { href: `${base}/tracking`, 'aria-label': `Shipment tracking of order ${order.orderId}` }, 'Tracking'),
  );
}

export async function loadRecentOrders(list, status, note) {
  say(note, 'Loading…');
  try {
    const query = new URLSearchParams({ limit: '15', ...(status ? { status } : {}) });
    const { orders } = await api(`/api/v1/orders?${query}`);
    clear(list).append(...orders.map(orderItem));
    say(note, orders.length ? `${orders.length} most recent${status ? ` ${status}` : ''} orders` : 'No orders match.');
  } catch (error) {
    say(note, error.message, { error: true });
  }
}
