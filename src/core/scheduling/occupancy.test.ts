import { describe, expect, it } from 'vitest';
import { blocksOf, canonicalInstant, canTransition, claimsOf, plusMinutes } from './occupancy.ts';

describe('blocksOf', () => {
  it.each([
    ['aligned half hour', '2026-03-11T14:00:00.000Z', '2026-03-11T14:30:00.000Z', ['14:00', '14:05', '14:10', '14:15', '14:20', '14:25']],
    ['part blocks at both ends', '2026-03-11T14:02:00.000Z', '2026-03-11T14:11:00.000Z', ['14:00', '14:05', '14:10']],
    ['empty span', '2026-03-11T14:00:00.000Z', '2026-03-11T14:00:00.000Z', []],
    ['across midnight UTC', '2026-03-11T23:50:00.000Z', '2026-03-12T00:05:00.000Z', ['23:50', '23:55', '00:00']],
    ['leap day', '2028-02-29T23:55:00.000Z', '2028-03-01T00:05:00.000Z', ['23:55', '00:00']],
  ])('%s', (_name, start, end, times) => {
    expect(blocksOf(start, end).map((b) => b.slice(11, 16))).toEqual(times);
  });

  it('gives back-to-back visits no common block and overlapping ones at least one', () => {
    const a = blocksOf('2026-03-11T14:00:00.000Z', '2026-03-11T14:30:00.000Z');
    expect(blocksOf('2026-03-11T14:30:00.000Z', '2026-03-11T15:00:00.000Z').filter((b) => a.includes(b))).toEqual([]);
    expect(blocksOf('2026-03-11T14:29:00.000Z', '2026-03-11T14:59:00.000Z').filter((b) => a.includes(b))).toEqual(['2026-03-11T14:25:00.000Z']);
  });

  it('is canonical whatever offset the start was written with (the unique index compares text)', () => {
    expect(blocksOf('2026-03-11T10:00:00-04:00', '2026-03-11T10:05:00-04:00')).toEqual(['2026-03-11T14:00:00.000Z']);
    expect(canonicalInstant('2026-11-01T01:30:00-05:00')).toBe('2026-11-01T06:30:00.000Z');
    expect(canonicalInstant('not a time')).toBeNull();
    expect(plusMinutes('2026-03-08T06:30:00.000Z', 45)).toBe('2026-03-08T07:15:00.000Z');
  });
});

describe('claims and transitions', () => {
  it('overbooks the provider and room, never the patient', () => {
    expect(claimsOf({ providerId: 'p', roomId: 'r', patientId: 'x' }, true)).toEqual([
      { kind: 'provider', resourceId: 'p', overbook: true },
      { kind: 'room', resourceId: 'r', overbook: true },
      { kind: 'patient', resourceId: 'x', overbook: false },
    ]);
    expect(claimsOf({ providerId: 'p', roomId: null, patientId: 'x' }, false).map((c) => c.kind)).toEqual(['provider', 'patient']);
  });

  it.each([
    ['booked', 'checked_in', true],
    ['booked', 'no_show', true],
    ['booked', 'completed', false],
    ['checked_in', 'completed', true],
    ['completed', 'cancelled', false],
    ['cancelled', 'booked', false],
    ['no_show', 'checked_in', false],
  ] as const)('%s -> %s: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});
