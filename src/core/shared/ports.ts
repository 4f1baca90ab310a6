/** Time comes in through this port so that core code never reads the wall clock itself. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Identifiers and random secrets come in through this port. */
export interface Ids {
  /** A new, time-ordered, URL-safe record id. */
  newId(): string;
}

/**
 * Runs work in one database transaction. Repositories called inside `run` join it; after the
 * commit, the callbacks registered with `afterCommit` run.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** A fixed clock for tests and jobs. */
export const fixedClock = (at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } => {
  let current = new Date(at);
  return {
    now: () => new Date(current.getTime()),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
};
