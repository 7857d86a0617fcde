import { stepKind, stepLabel, timelineView, toStep, type StepMetadata } from './timeline';

const metadata = (overrides: Partial<StepMetadata> = {}): StepMetadata => ({
  eventId: 'e-1',
  correlationId: 'corr-1',
  producer: 'order-service',
  occurredAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  ...overrides,
});

describe('timeline mapping', () => {
  it('marks the undo half of the saga as compensation and refusals as failures', () => {
    expect(
      [
        'InventoryReleaseRequested',
        'InventoryReleased',
        'PaymentRefunded',
        'ShipmentCancellationRequested',
        'ShipmentCancelled',
        'OrderCancellationRequested',
        'OrderCancelled',
      ].map(stepKind),
    ).toEqual(Array(7).fill('compensation'));
    expect(['InventoryReservationRejected', 'PaymentDeclined', 'ShipmentFailed'].map(stepKind)).toEqual([
      'failure',
      'failure',
      'failure',
    ]);
    expect(['OrderPlaced', 'InventoryReserved', 'PaymentAuthorized', 'OrderDelivered'].map(stepKind)).toEqual(
      Array(4).fill('progress'),
    );
  });

  it('labels steps in words, and a shipment status change by its status', () => {
    expect(stepLabel('InventoryReservationRequested', {})).toBe('Inventory reservation requested');
    expect(stepLabel('ShipmentStatusChanged', { status: 'OUT_FOR_DELIVERY' })).toBe('Shipment out for delivery');
    expect(stepLabel('ShipmentStatusChanged', null)).toBe('Shipment status changed');
  });

  it('names the service that produced the event, its time and its correlation id', () => {
    const step = toStep({
      version: 3,
      type: 'InventoryReserved',
      data: {},
      metadata: metadata({ producer: 'inventory-service', eventId: 'e-3' }),
    });
    expect(step).toEqual({
      version: 3,
      type: 'InventoryReserved',
      label: 'Inventory reserved',
      kind: 'progress',
      actor: 'inventory-service',
      at: '2026-01-02T03:04:05.000Z',
      correlationId: 'corr-1',
      eventId: 'e-3',
    });
  });

  it('is terminal only once the order is delivered or cancelled', () => {
    const entries = [{ version: 1, type: 'OrderPlaced', data: {}, metadata: metadata() }];
    expect(timelineView('o-1', 'SHIPPED', entries).terminal).toBe(false);
    expect(timelineView('o-1', 'DELIVERED', entries).terminal).toBe(true);
    expect(timelineView('o-1', 'CANCELLED', entries)).toMatchObject({
      orderId: 'o-1',
      status: 'CANCELLED',
      terminal: true,
      steps: [{ label: 'Order placed' }],
    });
  });
});
