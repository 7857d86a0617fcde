import type { EventType } from '@kot/events';
import { TERMINAL_STATUSES, type OrderStatus } from '../saga/order.state';

/** How the page colours a step: the forward path, a failure that triggers compensation, or the compensation itself. */
export type StepKind = 'progress' | 'failure' | 'compensation';

export interface TimelineStep {
  version: number;
  type: string;
  label: string;
  kind: StepKind;
  /** The service that acted: the participant whose reply was recorded, or the order service itself. */
  actor: string;
  at: string;
  correlationId: string;
  eventId: string;
}

export interface TimelineView {
  orderId: string;
  status: OrderStatus;
  terminal: boolean;
  steps: TimelineStep[];
}

/** The undo half of the saga: requests and confirmations that give back stock, money or a parcel slot. */
const COMPENSATIONS: ReadonlySet<string> = new Set<EventType>([
  'OrderCancellationRequested',
  'InventoryReleaseRequested',
  'InventoryReleased',
  'PaymentRefunded',
  'ShipmentCancellationRequested',
  'ShipmentCancelled',
  'OrderCancelled',
]);

const FAILURES: ReadonlySet<string> = new Set<EventType>([
  'InventoryReservationRejected',
  'PaymentDeclined',
  'ShipmentFailed',
  'NotificationFailed',
  'ShipmentCancellationRejected',
]);

export function stepKind(type: string): StepKind {
  if (COMPENSATIONS.has(type)) return 'compensation';
  return FAILURES.has(type) ? 'failure' : 'progress';
}

/** "InventoryReservationRequested" → "Inventory reservation requested"; a status change names its status. */
export function stepLabel(type: string, data: unknown): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const status = (data as { status?: unknown } | null)?.status;
  return type === 'ShipmentStatusChanged' && typeof status === 'string'
    ? `Shipment ${status.toLowerCase().replace(/_/g, ' ')}`
    : label;
}

/** What a step needs of a recorded event's metadata (a structural subset of the messaging envelope). */
export interface StepMetadata {
  eventId: string;
  correlationId: string;
  producer: string;
  occurredAt: number;
}

export interface StreamEntry {
  version: number;
  type: string;
  data: unknown;
  metadata: StepMetadata;
}

export function toStep(entry: StreamEntry): TimelineStep {
  const { version, type, data, metadata } = entry;
  return {
    version,
    type,
    label: stepLabel(type, data),
    kind: stepKind(type),
    actor: metadata.producer,
    at: new Date(metadata.occurredAt).toISOString(),
    correlationId: metadata.correlationId,
    eventId: metadata.eventId,
  };
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function timelineView(orderId: string, status: OrderStatus, entries: readonly StreamEntry[]): TimelineView {
  return { orderId, status, terminal: isTerminal(status), steps: entries.map(toStep) };
}
