import { z } from 'zod';
import { PlanTypes, type PlanType } from '../reference/index.ts';

// The group's scheduling guidelines as data: what admins edit, per group, location or provider,
// versioned. Allowed types per template block live on WorkingTemplate.allowedTypeIds; a type's
// own room type and age limits (AppointmentType) are defaults that a rule set may replace.

const Id = z.string().trim().min(1).max(64);
const TypeId = Id;
const count = z.number().int().min(0).max(500);

const TypeMinutesSchema = z.strictObject({ typeId: TypeId, minutes: z.number().int().min(1).max(480) });
const TypeRoomSchema = z.strictObject({ typeId: TypeId, roomType: z.string().trim().min(1).max(40) });
const TypeAgeSchema = z
  .strictObject({
    typeId: TypeId,
    minAgeYears: z.number().int().min(0).max(130).nullable(),
    maxAgeYears: z.number().int().min(0).max(130).nullable(),
  })
  .refine((a) => a.minAgeYears === null || a.maxAgeYears === null || a.minAgeYears <= a.maxAgeYears, {
    message: 'the minimum age is above the maximum',
  });

const uniqueTypes = <T extends { typeId: string }>(items: T[] | null | undefined): boolean =>
  !items || new Set(items.map((i) => i.typeId)).size === items.length;

/**
 * The rules themselves. A field left out (or null) inherits from the broader scope; see
 * `resolveGuidelines` for how scopes combine.
 */
export const GuidelineRulesSchema = z
  .strictObject({
    /** New-patient visits a provider may have on one local day. */
    maxNewPatientsPerDay: count.nullish(),
    /** New-patient visits in one session (one template block on one day). */
    maxNewPatientsPerSession: count.nullish(),
    /** Minutes the provider keeps free after a visit of the type. */
    buffersAfter: z.array(TypeMinutesSchema).max(200).nullish(),
    /** Minimum notice between now and the start of a visit. */
    minLeadTimeMinutes: z.number().int().min(0).max(60 * 24 * 90).nullish(),
    /** How many local days ahead a visit may be booked. */
    bookingHorizonDays: z.number().int().min(1).max(3660).nullish(),
    /** Overbooked visits (booked over another with an override) that may start in one local clock hour. */
    maxOverbookPerHour: count.nullish(),
    /** Types that need a room of a type (replaces AppointmentType.roomType for that type). */
    roomTypes: z.array(TypeRoomSchema).max(200).nullish(),
    /** Payer ids the provider does not take. */
    payersNotAccepted: z.array(Id).max(500).nullish(),
    /** Plan types the provider does not take. */
    planTypesNotAccepted: z.array(z.enum(PlanTypes)).max(PlanTypes.length).nullish(),
    /** Age limits per type, whole years inclusive (replace AppointmentType.minAgeYears/maxAgeYears). */
    ageLimits: z.array(TypeAgeSchema).max(200).nullish(),
  })
  .refine((r) => uniqueTypes(r.buffersAfter) && uniqueTypes(r.roomTypes) && uniqueTypes(r.ageLimits), {
    message: 'an appointment type appears twice in one list',
  });
export type GuidelineRules = z.infer<typeof GuidelineRulesSchema>;

/** Whom a rule set applies to: the whole group, a location, a provider (optionally at one location). */
export const GuidelineScopeSchema = z.discriminatedUnion('level', [
  z.strictObject({ level: z.literal('group') }),
  z.strictObject({ level: z.literal('location'), locationId: Id }),
  z.strictObject({ level: z.literal('provider'), providerId: Id, locationId: Id.nullish() }),
]);
export type GuidelineScope = z.infer<typeof GuidelineScopeSchema>;

/** One versioned rule set as admins edit it. */
export const GuidelineRuleSetSchema = z.strictObject({
  id: Id,
  scope: GuidelineScopeSchema,
  /** Increases with each edit; for one scope the highest version applies (older ones are history). */
  version: z.number().int().min(1),
  rules: GuidelineRulesSchema,
  note: z.string().trim().max(500).nullish(),
});
export type GuidelineRuleSet = z.infer<typeof GuidelineRuleSetSchema>;

/** The rules that apply to one provider at one location, all scopes combined. */
export interface EffectiveGuidelines {
  maxNewPatientsPerDay: number | null;
  maxNewPatientsPerSession: number | null;
  minLeadTimeMinutes: number;
  bookingHorizonDays: number | null;
  maxOverbookPerHour: number | null;
  bufferAfterMinutes: ReadonlyMap<string, number>;
  roomTypeFor: ReadonlyMap<string, string>;
  ageLimitFor: ReadonlyMap<string, { minAgeYears: number | null; maxAgeYears: number | null }>;
  payersNotAccepted: ReadonlySet<string>;
  planTypesNotAccepted: ReadonlySet<PlanType>;
}

/** Specificity of a scope for a provider at a location, or -1 when it does not apply. */
const rank = (s: GuidelineScope, providerId: string, locationId: string): number => {
  if (s.level === 'group') return 0;
  if (s.level === 'location') return s.locationId === locationId ? 1 : -1;
  if (s.providerId !== providerId) return -1;
  if (s.locationId == null) return 2;
  return s.locationId === locationId ? 3 : -1;
};

const scopeKey = (s: GuidelineScope): string =>
  s.level === 'group' ? 'group' : s.level === 'location' ? `location|${s.locationId}` : `provider|${s.providerId}|${s.locationId ?? ''}`;

/**
 * The rules for a provider at a location. Scopes apply from broad to specific (group, location,
 * provider, provider at location); for one scope only the highest version counts. A scalar or a
 * payer/plan list set at a more specific scope replaces the broader one; per-type entries
 * (buffers, room types, age limits) replace the broader entry for the same type.
 */
export const resolveGuidelines = (ruleSets: readonly GuidelineRuleSet[], providerId: string, locationId: string): EffectiveGuidelines => {
  const latest = new Map<string, GuidelineRuleSet>();
  for (const set of ruleSets) {
    if (rank(set.scope, providerId, locationId) < 0) continue;
    const key = scopeKey(set.scope);
    const seen = latest.get(key);
    if (!seen || seen.version < set.version) latest.set(key, set);
  }
  const ordered = [...latest.values()].sort((a, b) => rank(a.scope, providerId, locationId) - rank(b.scope, providerId, locationId));
  const out = {
    maxNewPatientsPerDay: null as number | null,
    maxNewPatientsPerSession: null as number | null,
    minLeadTimeMinutes: 0,
    bookingHorizonDays: null as number | null,
    maxOverbookPerHour: null as number | null,
    bufferAfterMinutes: new Map<string, number>(),
    roomTypeFor: new Map<string, string>(),
    ageLimitFor: new Map<string, { minAgeYears: number | null; maxAgeYears: number | null }>(),
    payersNotAccepted: new Set<string>() as ReadonlySet<string>,
    planTypesNotAccepted: new Set<PlanType>() as ReadonlySet<PlanType>,
  };
  for (const { rules: r } of ordered) {
    out.maxNewPatientsPerDay = r.maxNewPatientsPerDay ?? out.maxNewPatientsPerDay;
    out.maxNewPatientsPerSession = r.maxNewPatientsPerSession ?? out.maxNewPatientsPerSession;
    out.minLeadTimeMinutes = r.minLeadTimeMinutes ?? out.minLeadTimeMinutes;
    out.bookingHorizonDays = r.bookingHorizonDays ?? out.bookingHorizonDays;
    out.maxOverbookPerHour = r.maxOverbookPerHour ?? out.maxOverbookPerHour;
    for (const b of r.buffersAfter ?? []) out.bufferAfterMinutes.set(b.typeId, b.minutes);
    for (const t of r.roomTypes ?? []) out.roomTypeFor.set(t.typeId, t.roomType);
    for (const a of r.ageLimits ?? []) out.ageLimitFor.set(a.typeId, { minAgeYears: a.minAgeYears, maxAgeYears: a.maxAgeYears });
    if (r.payersNotAccepted) out.payersNotAccepted = new Set(r.payersNotAccepted);
    if (r.planTypesNotAccepted) out.planTypesNotAccepted = new Set(r.planTypesNotAccepted);
  }
  return out;
};

/** No rules at all: what applies when a group has configured none. */
export const NO_GUIDELINES: EffectiveGuidelines = resolveGuidelines([], '', '');
