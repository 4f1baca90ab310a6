import { describe, expect, it } from 'vitest';
import { reconcile } from './work-item-generator.ts';
import { newWorkItem, type DraftWorkItem, type WorkItem } from './work-item.ts';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const AT = NOW.toISOString();
const CREATED = '2026-03-01T00:00:00.000Z';

const draft = (key: string, over: Partial<DraftWorkItem> = {}): DraftWorkItem => ({
  kind: 'coverage.ending',
  sourceKey: key,
  patientId: 'p1',
  title: 'Primary coverage ends 2026-03-20',
  explanation: 'Primary coverage (Acme PPO) ends on 2026-03-20: ask for the new card.',
  due: '2026-03-13T23:59:59.999Z',
  priority: 3,
  team: 'front_desk',
  link: { kind: 'coverage', id: 'c1' },
  ...over,
});

/** A stored item made from `draft(key)`, then changed by `over`. */
const stored = (key: string, over: Partial<WorkItem> = {}): WorkItem => ({ ...newWorkItem(draft(key), `id-${key}`, CREATED), ...over });

const ids = (items: { id: string }[]): string[] => items.map((i) => i.id);

describe('reconcile', () => {
  it('inserts new causes', () => {
    expect(reconcile([], [draft('a'), draft('b')], NOW)).toEqual({ insert: [draft('a'), draft('b')], update: [], close: [] });
  });

  it('changes nothing when the drafts match the stored items (idempotent)', () => {
    expect(reconcile([stored('a'), stored('b', { status: 'snoozed', snoozedUntil: '2026-03-12T00:00:00.000Z' })], [draft('a'), draft('b')], NOW)).toEqual({ insert: [], update: [], close: [] });
  });

  it('treats an absent relatedId like null', () => {
    const s = stored('a', { link: { kind: 'coverage', id: 'c1', relatedId: null } });
    expect(reconcile([s], [draft('a')], NOW).update).toEqual([]);
  });

  it.each([
    ['explanation', { explanation: 'new words' }],
    ['due', { due: '2026-03-14T23:59:59.999Z' }],
    ['priority', { priority: 2 as const }],
    ['title', { title: 'Secondary coverage ends 2026-03-20' }],
    ['team', { team: 'back_office' as const }],
    ['patient', { patientId: 'p2' }],
    ['link', { link: { kind: 'coverage', id: 'c1', relatedId: 'x' } }],
  ])('updates an open item when its %s changes, keeping owner and status', (_field, change) => {
    const s = stored('a', { owner: { userId: 'u1' } });
    const plan = reconcile([s], [draft('a', change)], NOW);
    expect(plan.insert).toEqual([]);
    expect(plan.close).toEqual([]);
    expect(plan.update).toEqual([{ ...s, ...change, updatedAt: AT }]);
  });

  it('updates a snoozed item but keeps the snooze', () => {
    const s = stored('a', { status: 'snoozed', snoozedUntil: '2026-03-12T00:00:00.000Z', snoozeReason: 'patient calls back Thursday' });
    const [next] = reconcile([s], [draft('a', { priority: 2 })], NOW).update;
    expect(next).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-03-12T00:00:00.000Z', snoozeReason: 'patient calls back Thursday', priority: 2 });
  });

  it('never reopens a done item for the same cause, even when the draft changed', () => {
    const s = stored('a', { status: 'done', completedBy: 'u1', completedAt: CREATED });
    expect(reconcile([s], [draft('a', { priority: 1 })], NOW)).toEqual({ insert: [], update: [], close: [] });
  });

  it('reopens a closed item whose cause came back', () => {
    const s = stored('a', { status: 'closed', snoozedUntil: '2026-03-01T00:00:00.000Z', snoozeReason: 'old' });
    expect(reconcile([s], [draft('a')], NOW).update).toEqual([{ ...s, status: 'open', snoozedUntil: null, snoozeReason: null, updatedAt: AT }]);
  });

  it('closes open and snoozed items whose cause is gone; leaves done and closed ones', () => {
    const items = [stored('open'), stored('snoozed', { status: 'snoozed', snoozedUntil: '2026-04-01T00:00:00.000Z' }), stored('done', { status: 'done' }), stored('closed', { status: 'closed' })];
    const plan = reconcile(items, [], NOW);
    expect(plan.insert).toEqual([]);
    expect(plan.update).toEqual([]);
    expect(ids(plan.close)).toEqual(['id-open', 'id-snoozed']);
    expect(plan.close.every((i) => i.status === 'closed' && i.updatedAt === AT)).toBe(true);
  });

  it('a coverage with a new end date: the old key closes and the new one is inserted', () => {
    const plan = reconcile([stored('coverage-ending:c1:2026-03-20')], [draft('coverage-ending:c1:2026-03-27')], NOW);
    expect(ids(plan.close)).toEqual(['id-coverage-ending:c1:2026-03-20']);
    expect(plan.insert.map((d) => d.sourceKey)).toEqual(['coverage-ending:c1:2026-03-27']);
  });

  it('keeps the first of two drafts with the same source key', () => {
    expect(reconcile([], [draft('a', { priority: 1 }), draft('a', { priority: 4 })], NOW).insert).toEqual([draft('a', { priority: 1 })]);
  });

  it('matches on kind and source key together', () => {
    const plan = reconcile([stored('a')], [draft('a', { kind: 'other.kind' })], NOW);
    expect(plan.insert).toHaveLength(1);
    expect(ids(plan.close)).toEqual(['id-a']);
  });

  it('does not mutate its input', () => {
    const s = stored('a');
    const copy = structuredClone(s);
    reconcile([s], [draft('a', { priority: 1 })], NOW);
    reconcile([s], [], NOW);
    expect(s).toEqual(copy);
  });
});
