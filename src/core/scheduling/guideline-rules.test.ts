import { describe, expect, it } from 'vitest';
import { GuidelineRuleSetSchema, resolveGuidelines, type GuidelineRuleSet } from './guideline-rules.ts';

const set = (id: string, scope: GuidelineRuleSet['scope'], rules: GuidelineRuleSet['rules'], version = 1): GuidelineRuleSet => ({ id, scope, version, rules });

describe('GuidelineRuleSetSchema', () => {
  it.each([
    ['an empty group rule set', { id: 'g', scope: { level: 'group' }, version: 1, rules: {} }, true],
    [
      'every rule',
      {
        id: 'g',
        scope: { level: 'provider', providerId: 'p1', locationId: 'l1' },
        version: 3,
        rules: {
          maxNewPatientsPerDay: 4,
          maxNewPatientsPerSession: 2,
          buffersAfter: [{ typeId: 't-proc', minutes: 15 }],
          minLeadTimeMinutes: 120,
          bookingHorizonDays: 90,
          maxOverbookPerHour: 1,
          roomTypes: [{ typeId: 't-proc', roomType: 'procedure' }],
          payersNotAccepted: ['payer-1'],
          planTypesNotAccepted: ['Medicaid', 'HMO'],
          ageLimits: [{ typeId: 't-peds', minAgeYears: 0, maxAgeYears: 17 }],
        },
      },
      true,
    ],
    ['an unknown scope', { id: 'g', scope: { level: 'room' }, version: 1, rules: {} }, false],
    ['a location scope without its id', { id: 'g', scope: { level: 'location' }, version: 1, rules: {} }, false],
    ['version 0', { id: 'g', scope: { level: 'group' }, version: 0, rules: {} }, false],
    ['an unknown rule', { id: 'g', scope: { level: 'group' }, version: 1, rules: { maxPatients: 3 } }, false],
    ['a negative buffer', { id: 'g', scope: { level: 'group' }, version: 1, rules: { buffersAfter: [{ typeId: 't', minutes: -5 }] } }, false],
    ['a type twice in one list', { id: 'g', scope: { level: 'group' }, version: 1, rules: { buffersAfter: [{ typeId: 't', minutes: 5 }, { typeId: 't', minutes: 10 }] } }, false],
    ['min age above max', { id: 'g', scope: { level: 'group' }, version: 1, rules: { ageLimits: [{ typeId: 't', minAgeYears: 18, maxAgeYears: 17 }] } }, false],
    ['an unknown plan type', { id: 'g', scope: { level: 'group' }, version: 1, rules: { planTypesNotAccepted: ['Gold'] } }, false],
  ])('%s: valid %s', (_name, input, ok) => {
    expect(GuidelineRuleSetSchema.safeParse(input).success).toBe(ok);
  });
});

describe('resolveGuidelines', () => {
  const sets = [
    set('g1', { level: 'group' }, { maxNewPatientsPerDay: 6, minLeadTimeMinutes: 60, buffersAfter: [{ typeId: 'a', minutes: 10 }, { typeId: 'b', minutes: 5 }], payersNotAccepted: ['x'] }),
    set('g2', { level: 'group' }, { maxNewPatientsPerDay: 8 }, 2), // a newer version of the group set: replaces g1 whole
    set('l1', { level: 'location', locationId: 'main' }, { bookingHorizonDays: 60, buffersAfter: [{ typeId: 'b', minutes: 20 }] }),
    set('l2', { level: 'location', locationId: 'west' }, { bookingHorizonDays: 30 }),
    set('p1', { level: 'provider', providerId: 'patel' }, { maxNewPatientsPerDay: 3, payersNotAccepted: ['y'] }),
    set('p2', { level: 'provider', providerId: 'patel', locationId: 'west' }, { maxNewPatientsPerDay: 1 }),
    set('p3', { level: 'provider', providerId: 'ruiz' }, { maxOverbookPerHour: 2 }),
  ];

  it.each([
    ['patel', 'main', { maxNewPatientsPerDay: 3, bookingHorizonDays: 60, minLeadTimeMinutes: 0, maxOverbookPerHour: null }, [['b', 20]], ['y']],
    ['patel', 'west', { maxNewPatientsPerDay: 1, bookingHorizonDays: 30, minLeadTimeMinutes: 0, maxOverbookPerHour: null }, [], ['y']],
    ['ruiz', 'main', { maxNewPatientsPerDay: 8, bookingHorizonDays: 60, minLeadTimeMinutes: 0, maxOverbookPerHour: 2 }, [['b', 20]], []],
    ['nobody', 'elsewhere', { maxNewPatientsPerDay: 8, bookingHorizonDays: null, minLeadTimeMinutes: 0, maxOverbookPerHour: null }, [], []],
  ])('%s at %s', (providerId, locationId, scalars, buffers, payers) => {
    const g = resolveGuidelines(sets, providerId, locationId);
    expect(g).toMatchObject(scalars);
    expect([...g.bufferAfterMinutes]).toEqual(buffers);
    expect([...g.payersNotAccepted]).toEqual(payers);
  });

  it('keeps a broader entry for a type the specific scope does not name', () => {
    const g = resolveGuidelines(
      [set('g', { level: 'group' }, { buffersAfter: [{ typeId: 'a', minutes: 10 }, { typeId: 'b', minutes: 5 }] }), set('p', { level: 'provider', providerId: 'p' }, { buffersAfter: [{ typeId: 'b', minutes: 30 }] })],
      'p',
      'l',
    );
    expect(Object.fromEntries(g.bufferAfterMinutes)).toEqual({ a: 10, b: 30 });
  });
});
