import { consumerLag } from './consumer-lag';

describe('consumerLag', () => {
  it('is the high watermark minus the committed offset, per partition', () => {
    const lag = consumerLag(
      [
        { partition: 0, high: '120', low: '0' },
        { partition: 1, high: '40', low: '0' },
      ],
      [
        { partition: 0, offset: '100' },
        { partition: 1, offset: '40' },
      ],
    );
    expect([...lag]).toEqual([
      [0, 20],
      [1, 0],
    ]);
  });

  it('counts a never-committed partition (-1) from the log start, and a committed offset below it from the start too', () => {
    const lag = consumerLag(
      [
        { partition: 0, high: '50', low: '10' },
        { partition: 1, high: '50', low: '30' },
        { partition: 2, high: '5', low: '0' },
      ],
      [
        { partition: 0, offset: '-1' },
        { partition: 1, offset: '12' },
      ],
    );
    expect([...lag]).toEqual([
      [0, 40],
      [1, 20],
      [2, 5],
    ]);
  });

  it('never reports a negative lag', () => {
    expect(consumerLag([{ partition: 0, high: '3', low: '0' }], [{ partition: 0, offset: '7' }]).get(0)).toBe(0);
  });
});
