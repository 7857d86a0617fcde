// Follows an order's timeline: server-sent events while it runs, polling if EventSource is missing
// or the stream keeps failing. Returns a function that stops following.
import { api } from './api.js';

const POLL_MS = 2000;

function poll(orderId, { onView, onTrouble }) {
  let timer;
  let stopped = false;
  const tick = async () => {
    try {
      const view = await api(`/api/v1/orders/${orderId}/timeline`);
      onView(view);
      if (view.terminal) return;
    } catch (error) {
      onTrouble(`timeline unavailable: ${error.message}; retrying`);
    }
    if (!stopped) timer = setTimeout(tick, POLL_MS);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function followTimeline(orderId, handlers) {
  if (typeof EventSource === 'undefined') return poll(orderId, handlers);
  const source = new EventSource(`/api/v1/orders/${orderId}/timeline/stream`);
  let finished = false;
  let fallback = null;
  source.addEventListener('timeline', (message) => {
    const view = JSON.parse(message.data);
    handlers.onView(view);
    if (view.terminal) {
      finished = true;
      source.close();
    }
  });
  source.addEventListener('error', () => {
    // The server ends the stream after a terminal view; any other end means trouble: fall back to polling.
    if (finished || fallback) return;
    source.close();
    fallback = poll(orderId, handlers);
  });
  return () => {
    source.close();
    fallback?.();
  };
}
