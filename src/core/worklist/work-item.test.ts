import { describe, expect, it } from 'vitest';
import { ageBucket, countByKind, effectiveStatus, endOfDay, groupByKind, managerView, newWorkItem, sortForMyDay, type DraftWorkItem, type WorkItem } from './work-item.ts';

const NOW = new Date('2026-03-10T12:00:00.000Z');

const draft = (over: Partial<DraftWorkItem> = {}): DraftWorkItem => ({
  kind: 'coverage.ending',
  sourceKey: 'k1',
  patientId: 'p1',
  title: 'Primary coverage ends 2026-03-20',
  explanation: 'Primary coverage (Acme PPO) ends on 2026-03-20: ask for the new card.',
  due: '2026-03-13T23:59:59.999Z',
  priority: 3,
  team: 'front_desk',
  link: { kind: 'coverage', id: 'c1' },
  ...over,
});

const item = (id: string, over: Partial<WorkItem> = {}): WorkItem => ({ ...newWorkItem(draft({ sourceKey: id }), id, '2026-03-01T00:00:00.000Z'), ...over });

describe('sortForMyDay', () => {
  it.each([
    ['earlier due first, whatever the priority', [item('a', { due: '2026-03-11T00:00:00.000Z', priority: 1 }), item('b', { due: '2026-03-10T00:00:00.000Z', priority: 4 })], ['b', 'a']],
    ['same due: more urgent first', [item('a', { priority: 3 }), item('b', { priority: 1 })], ['b', 'a']],
    ['same due and priority: older first', [item('a', { createdAt: '2026-03-02T00:00:00.000Z' }), item('b', { createdAt: '2026-03-01T00:00:00.000Z' })], ['b', 'a']],
    ['all equal: by id, so the order is stable', [item('b'), item('a')], ['a', 'b']],
    ['empty', [], []],
  ])('%s', (_name, items, ids) => {
    expect(sortForMyDay(items).map((i) => i.id)).toEqual(ids);
  });

  it('does not reorder its input', () => {
    const input = [item('b'), item('a')];
    sortForMyDay(input);
    expect(input.map((i) => i.id)).toEqual(['b', 'a']);
  });
});

describe('grouping and counts', () => {
  const items = [
    item('d1', { kind: 'patient.duplicate', due: '2026-03-09T23:59:59.999Z', priority: 2 }),
    item('c1', { due: '2026-03-12T00:00:00.000Z' }),
    item('c2', { due: '2026-03-11T00:00:00.000Z' }),
  ];

  it('counts per kind', () => {
    expect(countByKind(items)).toEqual({ 'patient.duplicate': 1, 'coverage.ending': 2 });
    expect(countByKind([])).toEqual({});
  });

  it('groups by kind, most pressing group first, items in working order, labels and counts', () => {
    const groups = groupByKind(items, { 'coverage.ending': 'Coverage ending soon' }, { 'coverage.ending': 7 });
    expect(groups.map((g) => [g.kind, g.label, g.count, g.items.map((i) => i.id)])).toEqual([
      ['patient.duplicate', 'patient.duplicate', 1, ['d1']],
      ['coverage.ending', 'Coverage ending soon', 7, ['c2', 'c1']],
    ]);
  });
});

describe('effectiveStatus', () => {
  it.each([
    ['open', null, 'open'],
    ['snoozed', '2026-03-10T12:00:00.001Z', 'snoozed'],
    ['snoozed', '2026-03-10T12:00:00.000Z', 'open'], // the snooze ends at that instant
    ['snoozed', '2026-03-09T00:00:00.000Z', 'open'],
    ['snoozed', null, 'open'],
    ['done', null, 'done'],
    ['closed', null, 'closed'],
  ] as const)('%s until %s is %s', (status, until, expected) => {
    expect(effectiveStatus({ status, snoozedUntil: until }, NOW)).toBe(expected);
  });
});

describe('ageBucket', () => {
  it.each([
    ['2026-03-10T12:00:00.000Z', '<1d'], // just created
    ['2026-03-09T12:00:00.001Z', '<1d'],
    ['2026-03-09T12:00:00.000Z', '1-3d'], // exactly one day
    ['2026-03-07T12:00:00.001Z', '1-3d'],
    ['2026-03-07T12:00:00.000Z', '3-7d'],
    ['2026-03-03T12:00:00.001Z', '3-7d'],
    ['2026-03-03T12:00:00.000Z', '>7d'], // exactly seven days
    ['2025-01-01T00:00:00.000Z', '>7d'],
  ])('created %s is %s', (createdAt, bucket) => {
    expect(ageBucket(createdAt, NOW)).toBe(bucket);
  });
});

describe('managerView', () => {
  it('counts by owner (unassigned per team), by age, by kind, and overdue', () => {
    const v = managerView(
      [
        item('a', { owner: { userId: 'u1' }, createdAt: '2026-03-10T00:00:00.000Z', due: '2026-03-09T00:00:00.000Z' }),
        item('b', { owner: { userId: 'u1' }, createdAt: '2026-03-01T00:00:00.000Z', due: '2026-03-11T00:00:00.000Z' }),
        item('c', { createdAt: '2026-03-08T00:00:00.000Z', due: '2026-03-11T00:00:00.000Z' }),
        item('d', { kind: 'patient.duplicate', team: 'back_office', createdAt: '2026-03-05T00:00:00.000Z', due: '2026-03-05T23:59:59.999Z' }),
      ],
      NOW,
    );
    expect(v.total).toBe(4);
    expect(v.overdue).toBe(2);
    expect(v.byAge).toEqual({ '<1d': 1, '1-3d': 1, '3-7d': 1, '>7d': 1 });
    expect(v.byKind).toEqual({ 'coverage.ending': 3, 'patient.duplicate': 1 });
    expect(v.byOwner).toEqual([
      { ownerId: 'u1', team: null, count: 2, overdue: 1, byAge: { '<1d': 1, '1-3d': 0, '3-7d': 0, '>7d': 1 } },
      { ownerId: null, team: 'back_office', count: 1, overdue: 1, byAge: { '<1d': 0, '1-3d': 0, '3-7d': 1, '>7d': 0 } },
      { ownerId: null, team: 'front_desk', count: 1, overdue: 0, byAge: { '<1d': 0, '1-3d': 1, '3-7d': 0, '>7d': 0 } },
    ]);
  });

  it('is all zeros for no items', () => {
    expect(managerView([], NOW)).toEqual({ total: 0, overdue: 0, byAge: { '<1d': 0, '1-3d': 0, '3-7d': 0, '>7d': 0 }, byOwner: [], byKind: {} });
  });
});

describe('endOfDay', () => {
  it('is the last UTC millisecond of the date, leap day included', () => {
    expect(endOfDay('2028-02-29')).toBe('2028-02-29T23:59:59.999Z');
  });
});
