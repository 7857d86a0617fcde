// The whole screen as one string, from the state and the terminal size alone: exactly `rows` lines,
// none wider than `columns` visible characters, so it can be drawn over the previous frame in place.
import { rateSeries, visibleEvents, type Breaker, type FeedEvent, type MonitorState, type ServiceView } from './state';

export interface ScreenSize {
  columns: number;
  rows: number;
}

const STATUS_ORDER = [
  'RESERVING',
  'PAYING',
  'SCHEDULING',
  'CONFIRMED',
  'SHIPPED',
  'DELIVERED',
  'COMPENSATING',
  'CANCELLED',
];
const SHORT: Record<string, string> = {
  RESERVING: 'RSV',
  PAYING: 'PAY',
  SCHEDULING: 'SCH',
  CONFIRMED: 'CNF',
  SHIPPED: 'SHP',
  DELIVERED: 'DLV',
  COMPENSATING: 'CMP',
  CANCELLED: 'CXL',
};
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ANSI = /\x1b\[[0-9;]*m/g;
const style = {
  reverse: '\x1b[7m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  reset: '\x1b[0m',
};

export function visibleLength(line: string): number {
  return [...line.replace(ANSI, '')].length;
}

/** Cuts plain text to `width` characters (marking the cut) and pads it to exactly that width. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}~`;
}

/** One bar per value, scaled to the largest; zero is blank so idle seconds read as gaps. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => (v <= 0 || max === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.ceil((v / max) * BARS.length) - 1)]))
    .join('');
}

export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${(seconds / 60).toFixed(1)}m`;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function titleLine(state: MonitorState, columns: number): string {
  const right = `${clock(state.now)} UTC  ${state.frozen ? 'PAUSED' : 'LIVE'} `;
  const left = fit(` KOT monitor  topic ${state.topic}`, Math.max(0, columns - right.length));
  return `${style.reverse}${fit(left + right, columns)}${style.reset}`;
}

function rateLine(state: MonitorState, columns: number): string {
  const series = rateSeries(state, Math.max(10, Math.min(60, columns - 34)));
  const tail = `  ${series.at(-1) ?? 0}/s  total ${state.totalEvents}`;
  return fit(`events/s ${sparkline(series)}${tail}`, columns);
}

function orderLines(state: MonitorState, columns: number): string[] {
  const orders = state.orders;
  if (!orders) return [fit('orders   (order service DOWN: no status counts)', columns), fit('success  -', columns)];
  const present = STATUS_ORDER.filter((s) => (orders.byStatus[s] ?? 0) > 0);
  const full = `orders   ${present.map((s) => `${s} ${orders.byStatus[s]}`).join('  ') || 'none yet'}`;
  // Too many statuses at once for one line: three-letter names (the order of STATUS_ORDER keeps them readable).
  const statusLine =
    visibleLength(full) <= columns
      ? full
      : `orders   ${present.map((s) => `${SHORT[s] ?? s} ${orders.byStatus[s]}`).join(' ')}`;
  const delivered = orders.byStatus.DELIVERED ?? 0;
  const finished = delivered + (orders.byStatus.CANCELLED ?? 0);
  const rate = finished === 0 ? '-' : `${((delivered / finished) * 100).toFixed(1)}% (${delivered}/${finished})`;
  return [
    fit(statusLine, columns),
    fit(`success  ${rate}    saga p50 ${formatSeconds(orders.sagaP50)}  p95 ${formatSeconds(orders.sagaP95)}`, columns),
  ];
}

function healthCell(service: ServiceView): string {
  const color = service.health === 'UP' ? style.green : service.health === 'DOWN' ? style.red : style.yellow;
  return `${color}${fit(service.health, 10)}${style.reset}`;
}

const BREAKER_RANK: Record<string, number> = { open: 0, 'half-open': 1, closed: 3 };

/** Breakers grouped by state, the worst first, so a cut line still shows what is open. */
export function breakerText(breakers: Breaker[]): string {
  const states = [...new Set(breakers.map((b) => b.state))].sort(
    (a, b) => (BREAKER_RANK[a] ?? 2) - (BREAKER_RANK[b] ?? 2),
  );
  const groups = states.map((state) => {
    const names = breakers.filter((b) => b.state === state).map((b) => b.name.replace(/-service$/, ''));
    return `${state === 'open' ? 'OPEN' : state}: ${names.join(' ')}`;
  });
  return groups.join('  ') || '-';
}

function serviceLines(state: MonitorState, columns: number): string[] {
  const header = `${style.bold}${fit('SERVICE       HEALTH     LAG    BREAKERS', columns)}${style.reset}`;
  const rows = state.services.map((s) => {
    const breakers = breakerText(s.breakers);
    const lag = s.health === 'DOWN' ? '-' : String(s.lag ?? '-');
    return `${fit(s.name, 13)} ${healthCell(s)} ${fit(lag, 6)} ${fit(breakers, Math.max(0, columns - 32))}`;
  });
  return [header, ...rows];
}

function kafkaLine(state: MonitorState, columns: number): string {
  const { state: kafka, detail } = state.kafka;
  const text =
    kafka === 'live'
      ? `kafka    live  ${detail ?? ''}`
      : kafka === 'connecting'
        ? 'kafka    connecting...'
        : `kafka    UNREACHABLE (${detail ?? 'no answer'}), retrying`;
  const color = kafka === 'unreachable' ? style.red : '';
  return `${color}${fit(text, columns)}${color ? style.reset : ''}`;
}

function feedLine(event: FeedEvent, columns: number): string {
  const service = event.service.replace(/-service$/, '');
  // The first block of a UUID is what people read and type; the filter still matches the whole id.
  return fit(
    `${clock(event.at)} ${fit(event.orderId.slice(0, 8), 8)} ${fit(event.type, 29)} ${fit(service, 12)} ${event.correlationId}`,
    columns,
  );
}

function footer(state: MonitorState, columns: number): string {
  if (state.editing !== null) return fit(`filter by order id: ${state.editing}_   (enter apply, esc cancel)`, columns);
  const filter = state.filter ? `  filter: ${state.filter}` : '';
  return `${style.dim}${fit(` q quit  p ${state.frozen ? 'resume' : 'pause'}  / filter  esc clear${filter}`, columns)}${style.reset}`;
}

export function render(state: MonitorState, { columns, rows }: ScreenSize): string {
  const top = [
    titleLine(state, columns),
    rateLine(state, columns),
    ...orderLines(state, columns),
    ...serviceLines(state, columns),
    kafkaLine(state, columns),
  ];
  const feedHeader = `${style.bold}${fit('TIME     ORDER    TYPE                          SERVICE      CORRELATION', columns)}${style.reset}`;
  const feedRows = Math.max(0, rows - top.length - 2);
  const feed = visibleEvents(state)
    .slice(0, feedRows)
    .map((e) => feedLine(e, columns));
  const empty = state.filter && feed.length === 0 ? [fit(`(no events for order ${state.filter})`, columns)] : [];
  const body = [...top, feedHeader, ...feed, ...empty].slice(0, Math.max(0, rows - 1));
  while (body.length < rows - 1) body.push('');
  return [...body, footer(state, columns)].slice(0, rows).join('\n');
}
