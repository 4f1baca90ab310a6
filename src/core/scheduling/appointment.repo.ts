import type { Appointment, AppointmentType, Room, ScheduleException, WorkingTemplate } from './appointment.ts';
import type { OccupancyClaim, ResourceKind } from './occupancy.ts';

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
