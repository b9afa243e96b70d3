/** The source of "now", injected so tests can move time. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock the demo seed can set back, so a month of shared work carries the times it happened at. */
export interface TravelClock extends Clock {
  /** From now on, `now()` is `at` plus the time that passes; undefined returns to the real time. */
  travel(at: Date | undefined): void;
}

/** The real clock until told to travel (the demo seed only; a running server never is). */
export function createTravelClock(): TravelClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    travel(at) {
      offset = at === undefined ? 0 : at.getTime() - Date.now();
    },
  };
}
