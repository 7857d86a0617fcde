// Entry point: wires the three parts of the page and a tiny hash router (#order/<id>[/emails|/tracking]),
// so an order's page can be bookmarked and the browser's back button works.
import { say } from './dom.js';
import { setUpOrderForm } from './order-form.js';
import { loadRecentOrders } from './orders-list.js';
import { showOrder } from './order-view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const $ = (selector) => document.querySelector(selector);

function refreshRecent() {
  return loadRecentOrders($('#recent-orders'), $('#status-filter').value, $('#recent-status'));
}

function route() {
  const match = /^#order\/([^/]+)(?:\/(emails|tracking))?$/.exec(location.hash);
  if (match && UUID.test(match[1])) void showOrder($('#order-detail'), match[1].toLowerCase(), match[2], refreshRecent);
}

function start() {
  void setUpOrderForm($('#order-form'), (orderId) => {
    location.hash = `#order/${orderId}`;
    void refreshRecent();
  });
  $('#lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('#lookup-id').value.trim();
    if (!UUID.test(id))
      return say($('#lookup-status'), 'An order id looks like 8-4-4-4-12 hexadecimal digits.', { error: true });
    say($('#lookup-status'), '');
    // Asking again for the order already shown reloads it: the hash does not change, so no hashchange.
    if (location.hash === `#order/${id}`) route();
    else location.hash = `#order/${id}`;
  });
  $('#filter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void refreshRecent();
  });
  $('#status-filter').addEventListener('change', () => void refreshRecent());
  window.addEventListener('hashchange', route);
  void refreshRecent();
  route();
}

start();
