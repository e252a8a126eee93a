/** Milliseconds since the epoch. Fakes take a clock so tests can jump past 5-minute and 20-second windows. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests of expiry windows. */
export class ManualClock implements Clock {
  constructor(private t = Date.now()) {}

  now(): number {
    return this.t;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
