// The monitor's model: what the screen shows, changed only through the pure functions below, so the
// data sources, the keyboard and the renderer never share anything but this value.

export type Health = 'UP' | 'NOT READY' | 'DOWN' | '...';

export interface Breaker {
  name: string;
  state: string;
}

export interface ServiceView {
  name: string;
  health: Health;
  /** Sum of kafka_consumer_lag over the service's partitions; undefined when it reports none. */
  lag?: number;
  breakers: Breaker[];
}

/** From the order service's /metrics; absent while it does not answer. */
export interface OrdersView {
  byStatus: Record<string, number>;
  sagaP50?: number;
  sagaP95?: number;
}

export interface FeedEvent {
  at: number;
  orderId: string;
  type: string;
  service: string;
  correlationId: string;
}

export interface KafkaStatus {
  state: 'connecting' | 'live' | 'unreachable';
  detail?: string;
}

export interface MonitorState {
  topic: string;
  now: number;
  services: ServiceView[];
  orders?: OrdersView;
  kafka: KafkaStatus;
  /** Newest first, at most FEED_CAPACITY. */
  events: FeedEvent[];
  /** The feed as it was when `p` was pressed; null while live. */
  frozen: FeedEvent[] | null;
  /** Events received per wall-clock second (epoch seconds), the last RATE_SECONDS of them. */
  perSecond: Array<{ second: number; count: number }>;
  totalEvents: number;
  /** Applied order id filter ('' = none). */
  filter: string;
  /** Text being typed after `/`; null when not editing. */
  editing: string | null;
}

export const FEED_CAPACITY = 200;
export const RATE_SECONDS = 120;

export function initialState(topic: string, serviceNames: string[], now: number): MonitorState {
  return {
    topic,
    now,
    services: serviceNames.map((name) => ({ name, health: '...', breakers: [] })),
    kafka: { state: 'connecting' },
    events: [],
    frozen: null,
    perSecond: [],
    totalEvents: 0,
    filter: '',
    editing: null,
  };
}

export function addEvent(state: MonitorState, event: FeedEvent, receivedAt: number): MonitorState {
  const second = Math.floor(receivedAt / 1000);
  const last = state.perSecond.at(-1);
  const perSecond =
    last?.second === second
      ? [...state.perSecond.slice(0, -1), { second, count: last.count + 1 }]
      : [...state.perSecond, { second, count: 1 }].slice(-RATE_SECONDS);
  return {
    ...state,
    events: [event, ...state.events].slice(0, FEED_CAPACITY),
    perSecond,
    totalEvents: state.totalEvents + 1,
  };
}

/** Counts for the `width` whole seconds before `now`, oldest first (the current second is still filling). */
export function rateSeries(state: MonitorState, width: number): number[] {
  const current = Math.floor(state.now / 1000);
  const bySecond = new Map(state.perSecond.map((p) => [p.second, p.count]));
  return Array.from({ length: width }, (_, i) => bySecond.get(current - width + i) ?? 0);
}

/** What the feed shows: the frozen copy while paused, narrowed to the filter. */
export function visibleEvents(state: MonitorState): FeedEvent[] {
  const events = state.frozen ?? state.events;
  const filter = state.filter.toLowerCase();
  return filter === '' ? events : events.filter((e) => e.orderId.toLowerCase().includes(filter));
}

export type KeyResult = { state: MonitorState; quit: boolean };

function editKey(state: MonitorState, key: string, editing: string): KeyResult {
  if (key === '\r' || key === '\n') return { state: { ...state, filter: editing.trim(), editing: null }, quit: false };
  if (key === '\x1b') return { state: { ...state, editing: null }, quit: false };
  if (key.startsWith('\x1b')) return { state, quit: false };
  if (key === '\x7f' || key === '\b') return { state: { ...state, editing: editing.slice(0, -1) }, quit: false };
  const printable = [...key].filter((c) => c >= ' ' && c <= '~').join('');
  return { state: { ...state, editing: (editing + printable).slice(0, 64) }, quit: false };
}

/** One chunk of raw stdin. Ctrl-C always quits; `q` only outside the filter prompt, where it is text. */
export function handleKey(state: MonitorState, key: string): KeyResult {
  if (key.includes('\x03')) return { state, quit: true };
  if (state.editing !== null) return editKey(state, key, state.editing);
  switch (key) {
    case 'q':
    case 'Q':
      return { state, quit: true };
    case 'p':
    case 'P':
      return { state: { ...state, frozen: state.frozen ? null : state.events }, quit: false };
    case '/':
      return { state: { ...state, editing: '' }, quit: false };
    // Escape outside the prompt clears an applied filter.
    case '\x1b':
      return { state: { ...state, filter: '' }, quit: false };
    default:
      return { state, quit: false };
  }
}

/** Splits a stdin chunk into keys (pasted or fast-typed text arrives as one chunk); arrow-key sequences stay whole. */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; i += 1) {
    const sequence = /^\x1b[[O][0-9;]*[A-Za-z~]/.exec(chunk.slice(i));
    if (sequence) {
      keys.push(sequence[0]);
      i += sequence[0].length - 1;
    } else {
      keys.push(chunk.charAt(i));
    }
  }
  return keys;
}

/** Applies every key of a chunk in order; stops at the first that quits. */
export function handleInput(state: MonitorState, chunk: string): KeyResult {
  let result: KeyResult = { state, quit: false };
  for (const key of splitKeys(chunk)) {
    result = handleKey(result.state, key);
    if (result.quit) break;
  }
  return result;
}
