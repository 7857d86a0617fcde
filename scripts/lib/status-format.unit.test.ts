import { decodeMetadataResponse, encodeMetadataRequest } from './kafka-metadata';
import { brokerRows, lagRow, lagsOf, partitionHealth, partitionRows, serverRow, serviceRow } from './status-format';

const twoBrokers = [
  { id: 1, host: '127.0.0.1', port: 9092 },
  { id: 2, host: '127.0.0.1', port: 9094 },
];

describe('service rows', () => {
  it('keeps the single-instance columns, and names later instances with their suffix', () => {
    const up = { health: { version: '1.0.0', uptimeSeconds: 61.6 }, ready: true, outboxBacklog: 3, breakers: '' };
    expect(serviceRow({ name: 'order-service', port: 8081, ...up })).toBe(
      'order-service          8081  up      ready      1.0.0    62s      3       -',
    );
    expect(serviceRow({ name: 'order-service-2', port: 8181, ...up, ready: false, breakers: 'payment=open' })).toBe(
      'order-service-2        8181  up      NOT READY  1.0.0    62s      3       payment=open',
    );
    expect(serviceRow({ name: 'notification-service-2', port: 8184, ...up, health: null })).toBe(
      'notification-service-2 8184  DOWN',
    );
    expect(serverRow('payment-simulator', 8091, false)).toBe('payment-simulator      8091  DOWN');
  });
});

describe('brokers', () => {
  it('marks a broker the cluster does not list as DOWN, and the controller', () => {
    const rows = brokerRows(twoBrokers, { live: [{ nodeId: 2, host: '127.0.0.1', port: 9094 }], controller: 2 });
    expect(rows).toEqual([
      'KAFKA  1 of 2 brokers up, controller 2',
      'BROKER  ADDRESS               STATE',
      '1       127.0.0.1:9092        DOWN',
      '2       127.0.0.1:9094        up  controller',
    ]);
  });

  it('shows every broker DOWN when no broker answered at all', () => {
    expect(brokerRows(twoBrokers.slice(0, 1), null)).toEqual([
      'KAFKA  0 of 1 broker up, controller ?',
      'BROKER  ADDRESS               STATE',
      '1       127.0.0.1:9092        DOWN',
    ]);
  });
});

describe('partitions', () => {
  const healthy = { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2] };
  const urp = { partition: 1, leader: 2, replicas: [2, 1], isr: [2] };
  const offline = { partition: 2, leader: -1, replicas: [1], isr: [] };

  it('counts under-replicated (ISR smaller than replicas) and offline (no leader) partitions', () => {
    expect(partitionHealth([healthy, urp, offline])).toEqual({ underReplicated: 2, offline: 1 });
    expect(partitionHealth([healthy])).toEqual({ underReplicated: 0, offline: 0 });
  });

  it('flags a two-broker topic with an under-replicated partition loudly', () => {
    expect(partitionRows('orders.events', [healthy, urp])).toEqual([
      '  PARTITION  LEADER  REPLICAS  ISR',
      '  p0         1       1,2       1,2',
      '  p1         2       2,1       2         UNDER-REPLICATED',
      '  !! orders.events: 1 UNDER-REPLICATED, 0 OFFLINE OF 2 PARTITIONS !!',
    ]);
  });

  it('shows an offline partition without a leader, and a quiet verdict when all is well', () => {
    const rows = partitionRows('orders.events.dlq', [offline]);
    expect(rows[1]).toBe('  p2         -       1         -         OFFLINE');
    expect(partitionRows('orders.events.dlq', [healthy]).at(-1)).toBe(
      '  orders.events.dlq: 0 under-replicated, 0 offline of 1 partitions',
    );
  });
});

describe('consumer lag', () => {
  it('is the end offset minus the committed offset, all of it when nothing was committed', () => {
    const lags = lagsOf(
      [
        { partition: 0, high: '10' },
        { partition: 1, high: '5' },
      ],
      [
        { partition: 1, offset: '-1' },
        { partition: 0, offset: '7' },
      ],
    );
    expect(lagRow('order-service', lags)).toBe('order-service          8     p0=3 p1=5');
  });
});

/** A Metadata v4 response body as a broker writes it (after the size prefix): [bytes, value] fields. */
function metadataFrame(): Buffer {
  type Field = [1 | 2 | 4, number] | string | null;
  const ints = (list: number[]): Field[] => [[4, list.length], ...list.map((n): Field => [4, n])];
  const partition = (error: number, id: number, leader: number, replicas: number[], isr: number[]): Field[] => [
    [2, error],
    [4, id],
    [4, leader],
    ...ints(replicas),
    ...ints(isr),
  ];
  const fields: Field[] = [
    [4, 1], // correlation id
    [4, 0], // throttle
    [4, 1], // one live broker: id, host, port, rack
    [4, 2],
    '127.0.0.1',
    [4, 9094],
    null,
    'cluster',
    [4, 2], // controller
    [4, 1], // one topic: error, name, internal, partitions (out of order on purpose)
    [2, 0],
    'orders.events',
    [1, 0],
    [4, 2],
    ...partition(5, 1, -1, [1], []),
    ...partition(0, 0, 2, [1, 2], [2]),
  ];
  return Buffer.concat(
    fields.map((field) => {
      if (field === null || typeof field === 'string') {
        const length = Buffer.alloc(2);
        length.writeInt16BE(field === null ? -1 : field.length);
        return Buffer.concat([length, Buffer.from(field ?? '')]);
      }
      const [bytes, value] = field;
      const b = Buffer.alloc(bytes);
      if (bytes === 1) b.writeInt8(value);
      else if (bytes === 2) b.writeInt16BE(value);
      else b.writeInt32BE(value);
      return b;
    }),
  );
}

describe('Metadata v4 over the wire', () => {
  it('encodes the request with its size, api key 3, version 4 and no topic auto-creation', () => {
    const request = encodeMetadataRequest(['t'], 7, 'c');
    expect(request.readInt32BE(0)).toBe(request.length - 4);
    expect([request.readInt16BE(4), request.readInt16BE(6), request.readInt32BE(8)]).toEqual([3, 4, 7]);
    expect(request.at(-1)).toBe(0);
  });

  it('decodes a two-broker answer with an under-replicated and a leaderless partition', () => {
    const metadata = decodeMetadataResponse(metadataFrame());
    expect(metadata.brokers).toEqual([{ nodeId: 2, host: '127.0.0.1', port: 9094 }]);
    expect(metadata.controller).toBe(2);
    const [topic] = metadata.topics;
    expect(topic).toEqual({
      name: 'orders.events',
      errorCode: 0,
      partitions: [
        { partition: 0, leader: 2, replicas: [1, 2], isr: [2] },
        { partition: 1, leader: -1, replicas: [1], isr: [] },
      ],
    });
    expect(partitionHealth(topic?.partitions ?? [])).toEqual({ underReplicated: 2, offline: 1 });
  });
});
