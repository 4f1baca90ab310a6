import type { LocalDate } from '../shared/index.ts';

/** A kind of visit: how long it takes, whom it is for, what room it needs, what it usually bills. */
export interface AppointmentType {
  id: string;
  name: string;
  durationMinutes: number;
  /** For new patients only (true), established only (false), or either (null). */
  newPatient: boolean | null;
  /** The room type it needs (e.g. `procedure`), or null for any exam room. */
  roomType: string | null;
  instructions: string | null;
  /** CPT/HCPCS codes the visit usually produces (for estimates later). */
  expectedCodes: string[];
  /** Display colour on the master calendar, `#rrggbb`. */
  colour: string;
  /** Age limits in whole years, inclusive, or null. */
  minAgeYears: number | null;
  maxAgeYears: number | null;
}

/** A room or piece of equipment at a location. */
export interface Room {
  id: string;
  locationId: string;
  name: string;
  roomType: string;
}

/**
 * A weekly working block of a provider at a location: on `weekday` (0 Sunday .. 6 Saturday) from
 * `start` to `end` local time (`HH:MM`, the location's zone), between the effective dates.
 */
export interface WorkingTemplate {
  id: string;
  providerId: string;
  locationId: string;
  weekday: number;
  start: string;
  end: string;
  effectiveFrom: LocalDate;
  effectiveTo: LocalDate | null;
  /** Appointment types allowed in this block, or null for any. */
  allowedTypeIds: string[] | null;
}

/** Time the calendar is closed: a holiday (location or practice), time off or blocked time (provider). */
export interface ScheduleException {
  id: string;
  kind: 'holiday' | 'time_off' | 'blocked';
  /** null: every provider (a holiday). */
  providerId: string | null;
  /** null: every location. */
  locationId: string | null;
  /** UTC instants, ISO-8601. */
  start: string;
  end: string;
  reason: string;
}

export const AppointmentStatuses = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof AppointmentStatuses)[number];

/** A booked visit. Instants are UTC; `timeZone` is the location's, for display and day rules. */
export interface Appointment {
  id: string;
  patientId: string;
  providerId: string;
  locationId: string;
  roomId: string | null;
  typeId: string;
  start: string;
  end: string;
  timeZone: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  /** Booked over a full slot or against a rule with an authorised override. */
  override: { kind: 'overbook' | 'rule_exception'; reason: string; by: string } | null;
  referralId: string | null;
  /** The no-show this visit was booked to replace. */
  rebookedFromId: string | null;
  /** The recall this visit answers. */
  recallId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Statuses that occupy the calendar (a cancelled visit frees its time). */
export const OCCUPYING: readonly AppointmentStatus[] = ['booked', 'checked_in', 'completed', 'no_show'];
