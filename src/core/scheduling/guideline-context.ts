import { addDays, type LocalDate } from '../shared/index.ts';
import type { Location, PlanType, Provider } from '../reference/index.ts';
import { OCCUPYING, type Appointment, type AppointmentType, type Room, type ScheduleException, type WorkingTemplate } from './appointment.ts';
import { resolveGuidelines, type EffectiveGuidelines, type GuidelineRuleSet } from './guideline-rules.ts';
import { dayBounds, instantToLocal, localToUtcMs, weekdayOf, type DayBounds } from './local-time.ts';
import { providerWords } from './schedule-words.ts';

/** Machine codes of guideline verdicts, in the order the evaluator reports them. */
export const VerdictCodes = [
  'exception',
  'outside_template',
  'type_not_allowed',
  'conflict_provider',
  'overbook_limit',
  'conflict_room',
  'room_required',
  'conflict_patient',
  'buffer',
  'new_patient_limit',
  'lead_time',
  'horizon',
  'payer_not_accepted',
  'age_limit',
] as const;
export type VerdictCode = (typeof VerdictCodes)[number];

/** The override an authorised user may give, matching Appointment.override.kind. */
export type OverrideKind = 'overbook' | 'rule_exception';

/**
 * One reason a time does or does not suit. `blocking`: the booking may not go ahead as asked.
 * `overridable`: an authorised override of `overrideKind` lifts it (with a reason, audited); a
 * verdict lifted by the given override stays in the list with `blocking: false`.
 */
export interface RuleVerdict {
  code: VerdictCode;
  /** A human sentence, times in the location's local time. Names no patient. */
  sentence: string;
  blocking: boolean;
  overridable: boolean;
  overrideKind: OverrideKind | null;
  /** For a conflict: the visit in the way (an id, never patient data). */
  appointmentId?: string;
}

/** The time asked for. Instants are UTC ISO-8601. */
export interface BookingCandidate {
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  end: string;
  /** A chosen room, or null to let any free room of the needed type do. */
  roomId: string | null;
}

/** What the rules need to know about the patient (null in a search without a patient). */
export interface PatientFacts {
  patientId: string | null;
  /** Age in whole years on the date of the visit. */
  ageYears: number | null;
  isNew: boolean;
  payerId: string | null;
  /** For the sentence only (`Dr. Patel does not take Acme Health.`). */
  payerName?: string | null;
  planType: PlanType | null;
}

/** Overrides an authorised user gives with the booking. */
export interface OverrideFlags {
  overbook?: boolean;
  ruleException?: boolean;
}

/** Everything one evaluation reads. Lists may hold more than needed; the evaluator filters. */
export interface GuidelineContext {
  candidate: BookingCandidate;
  type: AppointmentType;
  /** Appointment types by id: names, new-patient flags and buffers of existing visits. */
  types: ReadonlyMap<string, AppointmentType>;
  provider: Pick<Provider, 'id' | 'familyName' | 'givenName' | 'credentials'>;
  location: Pick<Location, 'id' | 'name' | 'timeZone'>;
  patient: PatientFacts | null;
  templates: readonly WorkingTemplate[];
  exceptions: readonly ScheduleException[];
  /** The provider's appointments (any location) from the day before to the day after. */
  providerAppointments: readonly Appointment[];
  /** Appointments in the location's rooms around that day. */
  roomAppointments?: readonly Appointment[];
  /** The patient's appointments around that day. */
  patientAppointments?: readonly Appointment[];
  rooms: readonly Room[];
  /** Rule sets (resolved here) or rules already resolved for this provider and location. */
  rules: readonly GuidelineRuleSet[] | EffectiveGuidelines;
  now: Date | string;
  override?: OverrideFlags;
  /** The appointment being moved (reschedule, drag and drop): it never conflicts with itself. */
  excludeAppointmentId?: string | null;
  /** Existing visits that were new-patient visits beyond those whose type says so. */
  newPatientAppointmentIds?: ReadonlySet<string>;
}

/** An occupying appointment with its instants parsed. */
export interface TimedAppointment {
  a: Appointment;
  startMs: number;
  endMs: number;
}

/** A template block on the candidate's local day, as instants. */
export interface Block {
  template: WorkingTemplate;
  startMs: number;
  endMs: number;
}

/**
 * What one provider's local day at one location looks like to the checks: computed once per day
 * (slot search reuses it for every candidate of that day), then combined with a candidate.
 */
export interface DayFacts {
  g: EffectiveGuidelines;
  zone: string;
  date: LocalDate;
  day: DayBounds;
  nowMs: number;
  /** The last local date within the booking horizon, or null without one. */
  lastDate: LocalDate | null;
  who: string;
  blocks: Block[];
  providerAppointments: TimedAppointment[];
  roomAppointments: TimedAppointment[];
  patientAppointments: TimedAppointment[];
}

/** The context with the derived values every check needs. */
export interface Prepared extends DayFacts {
  ctx: GuidelineContext;
  startMs: number;
  endMs: number;
}

/** Occupying appointments of a list, minus the one being moved, with parsed instants. */
export const timed = (list: readonly Appointment[] | undefined, excludeId: string | null | undefined): TimedAppointment[] => {
  const out: TimedAppointment[] = [];
  for (const a of list ?? []) {
    if (a.id === excludeId || !OCCUPYING.includes(a.status)) continue;
    out.push({ a, startMs: Date.parse(a.start), endMs: Date.parse(a.end) });
  }
  return out.sort((x, y) => x.startMs - y.startMs || (x.a.id < y.a.id ? -1 : 1));
};

/** True when a template works on a local date: effective then, on that weekday. */
export const templateOn = (t: WorkingTemplate, date: LocalDate, weekday: number): boolean =>
  t.weekday === weekday && t.effectiveFrom <= date && (t.effectiveTo === null || date <= t.effectiveTo);

/** The blocks of a provider at a location on a local date, as instants, earliest first. */
export const blocksOn = (templates: readonly WorkingTemplate[], providerId: string, locationId: string, date: LocalDate, zone: string): Block[] => {
  const weekday = weekdayOf(date);
  const out: Block[] = [];
  for (const t of templates) {
    if (t.providerId !== providerId || t.locationId !== locationId || !templateOn(t, date, weekday)) continue;
    out.push({ template: t, startMs: localToUtcMs(date, t.start, zone), endMs: localToUtcMs(date, t.end, zone) });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
};

const isResolved = (r: GuidelineContext['rules']): r is EffectiveGuidelines => !Array.isArray(r);

/** Appointment lists already parsed (slot search keeps them in its index). */
export interface TimedLists {
  providerAppointments: TimedAppointment[];
  roomAppointments: TimedAppointment[];
  patientAppointments: TimedAppointment[];
}

/** The day facts of a context's provider and location on a local date. */
export const dayFacts = (ctx: GuidelineContext, date: LocalDate, lists?: TimedLists): DayFacts => {
  const zone = ctx.location.timeZone;
  const rules = ctx.rules;
  const g = isResolved(rules) ? rules : resolveGuidelines(rules, ctx.candidate.providerId, ctx.candidate.locationId);
  const nowMs = typeof ctx.now === 'string' ? Date.parse(ctx.now) : ctx.now.getTime();
  const exclude = ctx.excludeAppointmentId;
  return {
    g,
    zone,
    date,
    day: dayBounds(date, zone),
    nowMs,
    lastDate: g.bookingHorizonDays === null ? null : addDays(instantToLocal(nowMs, zone).date, g.bookingHorizonDays),
    who: providerWords(ctx.provider),
    blocks: blocksOn(ctx.templates, ctx.candidate.providerId, ctx.candidate.locationId, date, zone),
    providerAppointments: lists?.providerAppointments ?? timed(ctx.providerAppointments, exclude),
    roomAppointments: lists?.roomAppointments ?? timed(ctx.roomAppointments, exclude),
    patientAppointments: lists?.patientAppointments ?? timed(ctx.patientAppointments, exclude),
  };
};

/** Derives the values the checks share (the day is the local date of the candidate's start). */
export const prepare = (ctx: GuidelineContext, facts?: DayFacts): Prepared => {
  const startMs = Date.parse(ctx.candidate.start);
  const f = facts ?? dayFacts(ctx, instantToLocal(startMs, ctx.location.timeZone).date);
  return { ...f, ctx, startMs, endMs: Date.parse(ctx.candidate.end) };
};

/** A verdict, blocking unless the override it needs was given. */
export const verdict = (p: Prepared, code: VerdictCode, sentence: string, overrideKind: OverrideKind | null, appointmentId?: string): RuleVerdict => {
  const o = p.ctx.override ?? {};
  const lifted = overrideKind === 'overbook' ? o.overbook === true : overrideKind === 'rule_exception' ? o.ruleException === true : false;
  const v: RuleVerdict = { code, sentence, blocking: !lifted, overridable: overrideKind !== null, overrideKind };
  if (appointmentId !== undefined) v.appointmentId = appointmentId;
  return v;
};

/** The name of an appointment's type for a sentence. */
export const typeName = (p: Prepared, typeId: string): string => p.ctx.types.get(typeId)?.name ?? 'visit';
