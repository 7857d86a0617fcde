// The open-loop timetable: send i goes out at start + i / rate, computed from the start every time
// (never by adding intervals to the previous send), so timer jitter does not accumulate into drift.
// A send dispatched more than `lateToleranceMs` after its slot counts as missed: the generator could
// not keep up, and the rate actually offered was lower than asked.

export interface ScheduleStats {
  planned: number;
  sent: number;
  late: number;
  maxLagMs: number;
}

export class RateSchedule {
  readonly planned: number;
  private sent = 0;
  private late = 0;
  private maxLagMs = 0;

  constructor(
    private readonly startMs: number,
    private readonly ratePerSecond: number,
    durationMs: number,
    private readonly lateToleranceMs = Math.max(10, 1000 / ratePerSecond),
  ) {
    this.planned = Math.floor((durationMs / 1000) * ratePerSecond);
  }

  slotAt(index: number): number {
    return this.startMs + (index * 1000) / this.ratePerSecond;
  }

  /** Indexes whose slot is at or before `nowMs` and that were not handed out yet; records their lag. */
  takeDue(nowMs: number): number[] {
    const due: number[] = [];
    while (this.sent < this.planned && this.slotAt(this.sent) <= nowMs) {
      const lag = nowMs - this.slotAt(this.sent);
      if (lag > this.lateToleranceMs) this.late += 1;
      this.maxLagMs = Math.max(this.maxLagMs, lag);
      due.push(this.sent);
      this.sent += 1;
    }
    return due;
  }

  /** Milliseconds from `nowMs` to the next slot; null once every send was handed out. */
  waitFrom(nowMs: number): number | null {
    if (this.sent >= this.planned) return null;
    return Math.max(0, this.slotAt(this.sent) - nowMs);
  }

  stats(): ScheduleStats {
    return { planned: this.planned, sent: this.sent, late: this.late, maxLagMs: Math.round(this.maxLagMs * 10) / 10 };
  }
}
