import type { Appointment } from './appointment.ts';
import { verdict, type Prepared, type RuleVerdict } from './guideline-context.ts';
import { instantToLocal } from './local-time.ts';
import { clockWords, dateWords, durationWords, instantClockWords } from './schedule-words.ts';

// Limits and eligibility: overbooking, new-patient counts, notice and horizon, payers, ages.

const HOUR_MS = 3_600_000;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Overbooking the candidate would add, against the cap per local clock hour (a hard cap). */
export const checkOverbook = (p: Prepared, overbooks: boolean): RuleVerdict[] => {
  const max = p.g.maxOverbookPerHour;
  if (!overbooks || max === null) return [];
  const minute = instantToLocal(p.startMs, p.zone).minutesOfDay % 60;
  const hourStart = p.startMs - (p.startMs % 60_000) - minute * 60_000;
  const already = p.providerAppointments.filter(
    (x) => x.a.override?.kind === 'overbook' && x.startMs >= hourStart && x.startMs < hourStart + HOUR_MS,
  ).length;
  if (already + 1 <= max) return [];
  const hour = `between ${instantClockWords(hourStart, p.zone)} and ${instantClockWords(hourStart + HOUR_MS, p.zone)}`;
  const sentence =
    max === 0
      ? `${p.who} may not be overbooked at ${p.ctx.location.name}.`
      : `${p.who} already has ${plural(already, 'overbooked visit')} ${hour}; the limit is ${max} per hour.`;
  return [verdict(p, 'overbook_limit', sentence, null)];
};

const isNewVisit = (p: Prepared, a: Appointment): boolean =>
  p.ctx.types.get(a.typeId)?.newPatient === true || p.ctx.newPatientAppointmentIds?.has(a.id) === true;

/** New-patient visits per provider per local day and per session (template block). */
export const checkNewPatients = (p: Prepared): RuleVerdict[] => {
  const isNew = p.ctx.patient ? p.ctx.patient.isNew : p.ctx.type.newPatient === true;
  if (!isNew) return [];
  const out: RuleVerdict[] = [];
  const countIn = (from: number, to: number): number =>
    p.providerAppointments.filter((x) => x.startMs >= from && x.startMs < to && isNewVisit(p, x.a)).length;
  const perDay = p.g.maxNewPatientsPerDay;
  if (perDay !== null) {
    const n = countIn(p.day.startMs, p.day.endMs);
    if (n + 1 > perDay) {
      const sentence = `${p.who} already has ${plural(n, 'new patient')} on ${dateWords(p.date)}; the limit is ${perDay} per day.`;
      out.push(verdict(p, 'new_patient_limit', sentence, 'rule_exception'));
    }
  }
  const perSession = p.g.maxNewPatientsPerSession;
  const block = p.blocks.find((b) => b.startMs <= p.startMs && p.startMs < b.endMs);
  if (perSession !== null && block) {
    const n = countIn(block.startMs, block.endMs);
    if (n + 1 > perSession) {
      const session = `${clockWords(block.template.start)} to ${clockWords(block.template.end)}`;
      const sentence = `${p.who} already has ${plural(n, 'new patient')} in the ${session} session; the limit is ${perSession} per session.`;
      out.push(verdict(p, 'new_patient_limit', sentence, 'rule_exception'));
    }
  }
  return out;
};

/** The start is not in the past and leaves the minimum notice. */
export const checkLeadTime = (p: Prepared): RuleVerdict[] => {
  const lead = p.g.minLeadTimeMinutes;
  if (p.startMs >= p.nowMs + lead * 60_000) return [];
  const when = `${instantClockWords(p.startMs, p.zone)} on ${dateWords(p.date)}`;
  if (p.startMs < p.nowMs) return [verdict(p, 'lead_time', `${when} has already passed.`, 'rule_exception')];
  const away = Math.floor((p.startMs - p.nowMs) / 60_000);
  const sentence = `Visits need at least ${durationWords(lead)} notice; ${when} is only ${durationWords(away)} away.`;
  return [verdict(p, 'lead_time', sentence, 'rule_exception')];
};

/** The local date is within the booking horizon counted from today at the location. */
export const checkHorizon = (p: Prepared): RuleVerdict[] => {
  const days = p.g.bookingHorizonDays;
  const last = p.lastDate;
  if (days === null || last === null || p.date <= last) return [];
  const sentence = `Visits can be booked up to ${plural(days, 'day')} ahead (until ${dateWords(last)}); ${dateWords(p.date)} is further out.`;
  return [verdict(p, 'horizon', sentence, 'rule_exception')];
};

/** The provider takes the patient's payer and plan type. */
export const checkPayer = (p: Prepared): RuleVerdict[] => {
  const patient = p.ctx.patient;
  if (!patient) return [];
  const out: RuleVerdict[] = [];
  if (patient.payerId !== null && p.g.payersNotAccepted.has(patient.payerId))
    out.push(verdict(p, 'payer_not_accepted', `${p.who} does not take ${patient.payerName ?? 'this payer'}.`, 'rule_exception'));
  if (patient.planType !== null && p.g.planTypesNotAccepted.has(patient.planType))
    out.push(verdict(p, 'payer_not_accepted', `${p.who} does not take ${patient.planType} plans.`, 'rule_exception'));
  return out;
};

/** The patient's age on the day is within the type's limits (a rule's, else the type's own). */
export const checkAge = (p: Prepared): RuleVerdict[] => {
  const age = p.ctx.patient?.ageYears ?? null;
  if (age === null) return [];
  const { type } = p.ctx;
  const { minAgeYears: min, maxAgeYears: max } = p.g.ageLimitFor.get(type.id) ?? type;
  if ((min === null || age >= min) && (max === null || age <= max)) return [];
  const range = min !== null && max !== null ? `aged ${min} to ${max}` : min !== null ? `aged ${min} and over` : `aged up to ${max}`;
  return [verdict(p, 'age_limit', `${type.name} is for patients ${range}.`, 'rule_exception')];
};
