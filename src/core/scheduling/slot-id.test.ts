import { describe, expect, it } from 'vitest';
import { fnv1a64, slotId, slotIdStart } from './slot-id.ts';

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('fnv1a64(%j) = %s (published test vectors)', (input, hash) => expect(fnv1a64(input)).toBe(hash));
});

describe('slotId', () => {
  const id = slotId('p-1', 'l-1', 't-1', '2026-03-08T07:30:00.000Z');

  it('is deterministic, FHIR-valid and starts with the UTC minute', () => {
    expect(id).toMatch(/^slot-202603080730-[0-9a-f]{16}$/);
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(slotId('p-1', 'l-1', 't-1', Date.parse('2026-03-08T07:30:00Z'))).toBe(id);
  });

  it.each([
    ['another provider', slotId('p-2', 'l-1', 't-1', '2026-03-08T07:30:00.000Z')],
    ['another location', slotId('p-1', 'l-2', 't-1', '2026-03-08T07:30:00.000Z')],
    ['another type', slotId('p-1', 'l-1', 't-2', '2026-03-08T07:30:00.000Z')],
    ['another start', slotId('p-1', 'l-1', 't-1', '2026-03-08T08:30:00.000Z')],
  ])('differs for %s', (_name, other) => expect(other).not.toBe(id));

  it.each([
    [id, '2026-03-08T07:30:00.000Z'],
    ['slot-202602290730-0123456789abcdef', null], // no 29 February in 2026
    ['slot-202603080730-0123', null],
    ['Slot-202603080730-0123456789abcdef', null],
    ['appointment-1', null],
  ])('slotIdStart(%s) = %s', (input, start) => expect(slotIdStart(input)).toBe(start));
});
