import { RateSchedule } from './schedule';

describe('RateSchedule', () => {
  it('plans rate × duration sends at exact slots from the start', () => {
    const schedule = new RateSchedule(1_000, 50, 2_000);
    expect(schedule.planned).toBe(100);
    expect(schedule.slotAt(0)).toBe(1_000);
    expect(schedule.slotAt(1)).toBe(1_020);
    expect(schedule.slotAt(99)).toBe(2_980);
  });

  it('hands out every due send once and does not drift when the timer fires late', () => {
    const schedule = new RateSchedule(0, 100, 1_000); // a slot every 10 ms
    expect(schedule.takeDue(0)).toEqual([0]);
    expect(schedule.waitFrom(3)).toBe(7);
    // The timer wakes 25 ms late: the sends of 10, 20 and 30 ms are all due now, and the next
    // slot is still 40 ms after the start, not 10 ms after this wake-up.
    expect(schedule.takeDue(35)).toEqual([1, 2, 3]);
    expect(schedule.waitFrom(35)).toBe(5);
    expect(schedule.takeDue(35)).toEqual([]);
  });

  it('counts sends later than the tolerance as missed and keeps the worst lag', () => {
    const schedule = new RateSchedule(0, 100, 1_000, 10);
    schedule.takeDue(0);
    schedule.takeDue(35); // lags 25, 15, 5 ms: two beyond 10 ms
    expect(schedule.stats()).toEqual({ planned: 100, sent: 4, late: 2, maxLagMs: 25 });
  });

  it('ends after the planned sends', () => {
    const schedule = new RateSchedule(0, 10, 500);
    expect(schedule.takeDue(10_000)).toEqual([0, 1, 2, 3, 4]);
    expect(schedule.waitFrom(10_000)).toBeNull();
    expect(schedule.stats().sent).toBe(5);
  });
});
