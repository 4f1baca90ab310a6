import type { ControlNumberKind, ControlNumberSource } from '../control-numbers.ts';

/** An in-memory ControlNumberSource for tests: counters per kind from `start` (default 1). */
export const inMemoryControlNumbers = (start: Partial<Record<ControlNumberKind, number>> = {}): ControlNumberSource & { issued: Record<ControlNumberKind, number[]> } => {
  const next: Record<ControlNumberKind, number> = { interchange: start.interchange ?? 1, group: start.group ?? 1, transaction: start.transaction ?? 1 };
  const issued: Record<ControlNumberKind, number[]> = { interchange: [], group: [], transaction: [] };
  return {
    issued,
    next: async (kind) => {
      const n = next[kind]++;
      issued[kind].push(n);
      return n;
    },
  };
};
