import type { Appointment, AppointmentType, Room, ScheduleException, WorkingTemplate } from './appointment.ts';
import type { OccupancyClaim, ResourceKind } from './occupancy.ts';
import type { GuidelineRuleSet } from './guideline-rules.ts';
import type { PlanType } from '../reference/index.ts';
import type { LocalDate } from '../shared/index.ts';

/**
 * Thrown by `AppointmentRepo.insert`/`occupy` when the database's unique index on occupancy refuses
 * a block: another committed (or committing) visit holds that resource at that time. Not retried:
 * the booking service turns it into a returned `conflict` outcome after the transaction rolls back.
 */
export class OccupancyTaken extends Error {
  readonly resource: ResourceKind;
  readonly resourceId: string;
  constructor(resource: ResourceKind, resourceId: string) {
    super(`the ${resource} ${resourceId} is already booked at this time`);
    this.name = 'OccupancyTaken';
    this.resource = resource;
    this.resourceId = resourceId;
  }
}

/** A calendar query: visits overlapping [from, to) (UTC ISO). */
export interface AppointmentRange {
  from: string;
  to: string;
  providerIds?: string[];
  locationId?: string;
  patientId?: string;
  /** Cancelled visits too (default: only those that occupy the calendar). */
  includeCancelled?: boolean;
  limit: number;
}

/** Storage of appointments and of the occupancy blocks that make double-booking impossible. */
export interface AppointmentRepo {
  /** Inserts the visit and claims its blocks; throws `OccupancyTaken` when the unique index refuses one. */
  insert(a: Appointment, claims: OccupancyClaim[]): Promise<void>;
  get(id: string): Promise<Appointment | null>;
  /** Writes a new version (status, times, override, reason); false when the stored version is not `expectedVersion`. */
  update(a: Appointment, expectedVersion: number): Promise<boolean>;
  /** Claims the blocks of [a.start, a.end) for the visit; throws `OccupancyTaken` like `insert`. */
  occupy(a: Appointment, claims: OccupancyClaim[]): Promise<void>;
  /** Frees every block the visit holds (cancel, or before a reschedule claims the new time). */
  release(appointmentId: string): Promise<void>;
  /** The visit holding `resource` in lane 0 somewhere in [start, end), if any. */
  occupant(resource: ResourceKind, resourceId: string, start: string, end: string): Promise<string | null>;
  listRange(q: AppointmentRange): Promise<Appointment[]>;
}

/** What booking needs to know about the places and people it joins. */
export interface BookingSubjects {
  location(id: string): Promise<{ id: string; timeZone: string } | null>;
  provider(id: string): Promise<{ id: string; locationIds: string[]; active: boolean } | null>;
  /** The patient's registry status (`active`, `merged`, ...), or null when there is no such patient. */
  patientStatus(id: string): Promise<string | null>;
}

/** Storage of the calendar's set-up: appointment types, rooms, weekly templates and exceptions. */
export interface ScheduleSetupRepo extends BookingSubjects {
  listTypes(): Promise<AppointmentType[]>;
  getType(id: string): Promise<AppointmentType | null>;
  insertType(t: AppointmentType): Promise<void>;
  listRooms(locationId?: string): Promise<Room[]>;
  getRoom(id: string): Promise<Room | null>;
  insertRoom(r: Room): Promise<void>;
  listTemplates(q: { providerId?: string; locationId?: string }): Promise<WorkingTemplate[]>;
  insertTemplate(t: WorkingTemplate): Promise<void>;
  /** Exceptions overlapping [from, to) (UTC ISO). */
  listExceptions(q: { from: string; to: string; providerId?: string; locationId?: string }): Promise<ScheduleException[]>;
  insertException(e: ScheduleException): Promise<void>;
}

/**
 * Idempotency keys of bookings, written in the booking's transaction. The same shape as the
 * patients capability's port (one store satisfies both); declared here so scheduling does not
 * depend on patients.
 */
export interface BookingIdempotency {
  find(principalId: string, key: string, scope: string, request: string): Promise<{ resourceId: string } | 'mismatch' | null>;
  /** Throws a retryable conflict when a concurrent request claimed the key first. */
  save(e: { principalId: string; key: string; scope: string; request: string; resourceId: string; createdAt: string }): Promise<void>;
}

/** A provider as the calendar shows and the rules name them. */
export interface ProviderSummary {
  id: string;
  familyName: string;
  givenName: string;
  credentials: string | null;
  active: boolean;
  locationIds: string[];
}

/** A location as the calendar cuts its days. */
export interface LocationSummary {
  id: string;
  name: string;
  timeZone: string;
}

/** What scheduling reads about a patient: the label the calendar shows and the facts the rules need. */
export interface PatientScheduleFacts {
  id: string;
  status: string;
  restricted: boolean;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
  /** The primary coverage active on the date asked, if any. */
  payerId: string | null;
  payerName: string | null;
  planType: PlanType | null;
}

/** Reference data and patient facts the calendar, slot search and the rules read. */
export interface ScheduleDirectory {
  providers(): Promise<ProviderSummary[]>;
  locations(): Promise<LocationSummary[]>;
  /** The patients of the ids (unknown ids left out), coverage as of `onDate`. */
  patients(ids: readonly string[], onDate: LocalDate): Promise<PatientScheduleFacts[]>;
  /** True when the patient had a visit (checked in or completed) in [since, before): established, not new. */
  hasVisitBetween(patientId: string, since: string, before: string): Promise<boolean>;
  /** Visits with the given ids (any status). */
  appointmentsByIds(ids: readonly string[]): Promise<Appointment[]>;
  /** Booked visits (never checked in) that started before `before`: no-show candidates, oldest first. */
  bookedStartedBefore(before: string, limit: number): Promise<Appointment[]>;
  /** No-shows that started in [since, before) and were not rebooked, with the latest outreach count. */
  openNoShows(since: string, before: string, limit: number): Promise<Appointment[]>;
  /** Visits with an override that started on or after `since` (for review). */
  overriddenSince(since: string, limit: number): Promise<Appointment[]>;
}

/** Storage of guideline rule sets: every version kept, the highest per scope applies. */
export interface GuidelineRepo {
  list(): Promise<GuidelineRuleSet[]>;
  /** Stores a new version; throws a `conflict` DomainError when that scope and version exist already. */
  insert(set: GuidelineRuleSet, by: string, at: string): Promise<void>;
}
