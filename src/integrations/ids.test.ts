import { describe, expect, it } from 'vitest';
import { fixedClock } from '../core/shared/index.ts';
import { createIds } from './ids.ts';

describe('ids', () => {
  it('are 28 hex digits: the clock’s milliseconds, then 16 random digits never handed out twice', () => {
    const ids = createIds(fixedClock('2026-05-01T12:00:00Z'));
    // Twenty pools' worth of random bytes (a pool gives 512 ids).
    const made = Array.from({ length: 10_240 }, () => ids.newId());
    const ms = new Date('2026-05-01T12:00:00Z').getTime().toString(16).padStart(12, '0');
    for (const id of made) expect(id).toMatch(new RegExp(`^${ms}[0-9a-f]{16}$`));
    expect(new Set(made).size).toBe(made.length);
    // The random parts spread over the whole range (not, say, a pool of zeros).
    const firstDigits = new Set(made.map((id) => id[12]));
    expect(firstDigits.size).toBe(16);
  });

  it('sort by time', () => {
    let t = Date.parse('2026-05-01T12:00:00Z');
    const ids = createIds({ now: () => new Date((t += 1)) });
    const made = Array.from({ length: 1000 }, () => ids.newId());
    expect([...made].sort()).toEqual(made);
  });
});
