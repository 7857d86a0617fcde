// One order: its summary, the live saga timeline, and the emails and tracking panels.
import { api } from './api.js';
import { clear, el, fillSummary, formatMoney, formatTime, say } from './dom.js';
import { followTimeline } from './timeline.js';

const KIND_TEXT = { progress: 'step', failure: 'failure', compensation: 'compensation' };
let stopFollowing = () => {};

function renderStep(step) {
  return el(
    'li',
    { className: `step ${step.kind}`, 'data-type': step.type },
    el('span', { className: 'label' }, step.label),
    el(
      'span',
      { className: 'facts' },
      el('time', { datetime: step.at }, formatTime(step.at)),
      el('span', {}, `by ${step.actor}`),
      el('span', { className: 'kind-text' }, KIND_TEXT[step.kind] ?? step.kind),
      el('span', { className: 'mono' }, `correlation ${step.correlationId}`),
    ),
  );
}

function renderTimeline(view, parts) {
  clear(parts.timeline).append(...view.steps.map(renderStep));
  parts.status.textContent = view.status;
  parts.status.className = `badge ${view.status}`;
  say(parts.live, view.terminal ? `finished: ${view.status}` : 'live, updating…');
}

function summaryPairs(order, statusBadge) {
  const customer = order.customer
    ? `${order.customer.firstName} ${order.customer.lastName} (${order.customer.customerId})`
    : null;
  const items = order.items.map((i) => `${i.quantity} × ${i.productId}`).join(', ');
  return [
    ['Order id', order.orderId],
    ['Status', statusBadge],
    ['Customer', customer],
    ['Items', items],
    ['Total', formatMoney(order.totalAmount, order.currency)],
    ['Correlation id', order.correlationId],
    ['Placed', formatTime(order.createdAt)],
  ];
}

async function loadEmails(orderId, panel) {
  const note = panel.querySelector('.note');
  const list = panel.querySelector('.emails');
  say(note, 'Loading…');
  try {
    const { emails } = await api(`/api/v1/ui/orders/${orderId}/emails`);
    say(note, emails.length ? '' : 'No emails for this order yet.');
    // Cleared only now, after the wait: two loads in flight must not both append.
    clear(list).append(
      ...emails.map((m) =>
        el(
          'li',
          {},
          el('strong', {}, m.subject),
          ` — ${m.milestone}, ${m.status.toLowerCase()}, to ${m.recipient}`,
          m.sentAt ? `, sent ${formatTime(m.sentAt)}` : '',
        ),
      ),
    );
  } catch (error) {
    clear(list);
    say(note, error.unavailable ? 'Emails are unavailable right now (notification service down).' : error.message, {
      error: true,
    });
  }
}

async function loadTracking(orderId, panel) {
  const note = panel.querySelector('.note');
  const summary = clear(panel.querySelector('.summary'));
  const history = panel.querySelector('.history');
  say(note, 'Loading…');
  try {
    const s = await api(`/api/v1/ui/orders/${orderId}/shipment`);
    say(note, '');
    clear(history);
    fillSummary(summary, [
      ['Status', s.status],
      ['Carrier', s.carrier],
      ['Tracking number', s.trackingNumber],
      ['Estimated delivery', s.estimatedDeliveryAt && formatTime(s.estimatedDeliveryAt)],
      ['Problem', s.failureReason],
    ]);
    history.append(
      ...s.history.map((h) =>
        el('li', {}, `${formatTime(h.occurredAt)} — ${h.status}${h.location ? ` at ${h.location}` : ''}`),
      ),
    );
  } catch (error) {
    clear(history);
    if (error.status === 404) say(note, 'No shipment for this order yet.');
    else
      say(note, error.unavailable ? 'Tracking is unavailable right now (shipping service down).' : error.message, {
        error: true,
      });
  }
}

/** Fills the summary from GET /api/v1/orders/:id; false (with the reason shown) when it cannot. */
async function loadSummary(section, orderId, parts) {
  try {
    const order = await api(`/api/v1/orders/${orderId}`);
    parts.status.textContent = order.status;
    parts.status.className = `badge ${order.status}`;
    fillSummary(section.querySelector('#order-summary'), summaryPairs(order, parts.status));
    return true;
  } catch (error) {
    clear(parts.timeline);
    clear(section.querySelector('#order-summary'));
    say(parts.live, error.status === 404 ? 'no such order' : error.message, { error: true });
    return false;
  }
}

/**
 * Shows order `orderId`; `panel` ('emails' | 'tracking' | undefined) is the part to bring into view,
 * and `onFinished` runs once the order is terminal (the recent list then shows its final status).
 */
export async function showOrder(section, orderId, panel, onFinished = () => {}) {
  stopFollowing();
  section.hidden = false;
  const heading = section.querySelector('#detail-heading');
  heading.textContent = `Order ${orderId}`;
  section.querySelector('#emails-link').href = `#order/${orderId}/emails`;
  section.querySelector('#tracking-link').href = `#order/${orderId}/tracking`;
  const parts = {
    timeline: section.querySelector('#timeline'),
    live: section.querySelector('#live-state'),
    status: el('span', { className: 'badge' }),
  };
  const emails = section.querySelector('#emails-panel');
  const tracking = section.querySelector('#tracking-panel');
  if (!(await loadSummary(section, orderId, parts))) return;
  const refreshPanels = () => Promise.all([loadEmails(orderId, emails), loadTracking(orderId, tracking)]);
  stopFollowing = followTimeline(orderId, {
    onView: (view) => {
      renderTimeline(view, parts);
      if (view.terminal) void refreshPanels().then(onFinished);
    },
    onTrouble: (text) => say(parts.live, text, { error: true }),
  });
  await refreshPanels();
  const target = panel === 'emails' ? emails : panel === 'tracking' ? tracking : null;
  (target?.querySelector('h3') ?? heading).focus();
  (target ?? section).scrollIntoView({ block: 'start' });
}
