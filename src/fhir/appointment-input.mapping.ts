import { canTransition, slotIdStart, type Appointment, type AppointmentStatus, type AppointmentType, type BookingInput, type ProviderSummary } from '../core/scheduling/index.ts';
import { DomainError, type FieldIssue } from '../core/shared/index.ts';
import { FhirAppointmentIn, parseResource, type CodeableConceptIn } from './input-schemas.ts';
import { versionOf, type Mapped } from './patient-input.mapping.ts';
import { parseReference } from './scheduling-search.ts';
import { appointmentStatusFromFhir, FHIR_APPOINTMENT_STATUS, SchedulingSystems } from './scheduling-types.ts';
import type { SlotParts } from './slot.mapping.ts';

// FHIR Appointment -> booking. A create names either one free Slot and the patient (type,
// practitioner and location come from the slot) or a start, the appointment type and the
// participants (Patient, Practitioner and, when the practitioner works at several locations,
// Location); the end follows from the type's duration. An update changes the status (cancelled
// with a reason, arrived, fulfilled, noshow) or moves the visit (start/end, another
// practitioner), never both at once; the patient, type and location stay as booked.

const refuse = (message: string, path: string, code: 'invalid' | 'required' | 'not-supported' | 'value' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

/** Where each part of a request came from, to name it in errors. */
export interface RequestPaths {
  patient: string;
  provider?: string;
  location?: string;
  type?: string;
  slot?: string;
}

/** A create request, read but not yet checked against the practice's data. */
export interface AppointmentRequest {
  patientId: string;
  providerId?: string;
  locationId?: string;
  typeId?: string;
  /** UTC ISO instants. */
  start?: string;
  end?: string;
  minutesDuration?: number;
  slotId?: string;
  paths: RequestPaths;
}

interface Actors {
  patient?: { id: string; path: string };
  provider?: { id: string; path: string };
  location?: { id: string; path: string };
}

const ACTOR_KEY = { Patient: 'patient', Practitioner: 'provider', Location: 'location' } as const;

/** The Patient, Practitioner and Location participants; other actors are noted and not stored. */
const actorsOf = (r: FhirAppointmentIn, notes: FieldIssue[]): Actors => {
  const out: Actors = {};
  (r.participant ?? []).forEach((p, i) => {
    const path = `Appointment.participant[${i}].actor`;
    const ref = p.actor?.reference;
    if (!ref) {
      notes.push({ path: `Appointment.participant[${i}]`, message: 'a participant without an actor reference is not stored' });
      return;
    }
    if (/^PractitionerRole\//.test(ref)) throw refuse('Name the Practitioner (Practitioner/[id]); PractitionerRole is not supported', path, 'not-supported');
    if (!ref.includes('/')) throw refuse('must be a reference such as Patient/[id]', path);
    const parsed = parseReference(path, ref, ['Patient', 'Practitioner', 'Location']);
    if (!parsed?.type) {
      notes.push({ path, message: 'only Patient, Practitioner and Location participants are kept; not stored' });
      return;
    }
    const key = ACTOR_KEY[parsed.type as keyof typeof ACTOR_KEY];
    const seen = out[key];
    if (seen && seen.id !== parsed.id) throw refuse(`An appointment has one ${parsed.type}; ${seen.path} names another`, path, 'not-supported');
    out[key] ??= { id: parsed.id, path };
  });
  return out;
};

const ourCode = (c: CodeableConceptIn | undefined): string | undefined => c?.coding?.find((x) => x.system === SchedulingSystems.appointmentType && x.code)?.code;

/** The appointment type id from appointmentType or serviceType (the practice's system); they must agree. */
const typeOf = (r: FhirAppointmentIn): { id: string; path: string } | undefined => {
  const fromType = ourCode(r.appointmentType);
  const i = (r.serviceType ?? []).findIndex((c) => ourCode(c));
  const fromService = i >= 0 ? ourCode(r.serviceType![i]) : undefined;
  if (fromType && fromService && fromType !== fromService) throw refuse('serviceType and appointmentType name different appointment types', `Appointment.serviceType[${i}]`);
  if (fromType) return { id: fromType, path: 'Appointment.appointmentType' };
  return fromService ? { id: fromService, path: `Appointment.serviceType[${i}]` } : undefined;
};

const utc = (s: string | undefined): string | undefined => (s === undefined ? undefined : new Date(Date.parse(s)).toISOString());

/** A create body as a request; refuses what cannot be booked, naming the element. */
export const appointmentCreateFromFhir = (body: unknown): Mapped<AppointmentRequest> => {
  const r = parseResource(FhirAppointmentIn, body, 'Appointment');
  const notes: FieldIssue[] = [];
  if (r.status !== undefined && r.status !== 'booked') {
    const code = r.status === 'proposed' || r.status === 'pending' ? 'not-supported' : 'value';
    throw refuse(`Appointments are booked directly: send status booked (not ${r.status})`, 'Appointment.status', code);
  }
  const actors = actorsOf(r, notes);
  if (!actors.patient) throw refuse('Name the patient: a participant with actor Patient/[id]', 'Appointment.participant', 'required');
  const type = typeOf(r);
  const start = utc(r.start);
  const end = utc(r.end);
  if (start && end && Date.parse(end) <= Date.parse(start)) throw refuse('The end must be after the start', 'Appointment.end');
  const request: AppointmentRequest = {
    patientId: actors.patient.id,
    ...(actors.provider ? { providerId: actors.provider.id } : {}),
    ...(actors.location ? { locationId: actors.location.id } : {}),
    ...(type ? { typeId: type.id } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(r.minutesDuration !== undefined ? { minutesDuration: r.minutesDuration } : {}),
    paths: { patient: actors.patient.path, provider: actors.provider?.path, location: actors.location?.path, type: type?.path },
  };
  if (r.slot?.length) {
    if (r.slot.length > 1) throw refuse('Book one slot per appointment', 'Appointment.slot[1]', 'not-supported');
    const ref = r.slot[0]!.reference ?? '';
    const m = /^(?:https?:\/\/\S+\/)?Slot\/([^/]+)$/.exec(ref);
    if (!m || !slotIdStart(m[1]!)) throw refuse('must be a reference to a Slot of this server, Slot/slot-...', 'Appointment.slot[0]');
    return { value: { ...request, slotId: m[1]!, paths: { ...request.paths, slot: 'Appointment.slot[0]' } }, notes };
  }
  if (!start) throw refuse('Give the start, or a slot', 'Appointment.start', 'required');
  if (!type) throw refuse(`Give the appointment type: a coding with system ${SchedulingSystems.appointmentType} and the type's id`, 'Appointment.appointmentType', 'required');
  if (!actors.provider) throw refuse('Name the practitioner: a participant with actor Practitioner/[id]', 'Appointment.participant', 'required');
  return { value: request, notes };
};

/** What the practice knows that a create is checked against. */
export interface BookingLookups {
  /** The slot the request names, resolved (null when no slot of the practice has that id). */
  slot: SlotParts | null;
  types: readonly AppointmentType[];
  providers: readonly ProviderSummary[];
}

/** A request as the booking service's input: the slot's parts, or the named parts checked; the end must match the type's duration. */
export const bookingFromRequest = (req: AppointmentRequest, d: BookingLookups): BookingInput => {
  let providerId: string;
  let locationId: string;
  let typeId: string;
  let start: string;
  if (req.slotId !== undefined) {
    const s = d.slot;
    const at = req.paths.slot ?? 'Appointment.slot[0]';
    if (!s) throw refuse(`Slot ${req.slotId} is not a slot of this practice`, at, 'value');
    if (req.providerId !== undefined && req.providerId !== s.providerId) throw refuse('The practitioner differs from the slot\'s', req.paths.provider ?? at);
    if (req.locationId !== undefined && req.locationId !== s.locationId) throw refuse('The location differs from the slot\'s', req.paths.location ?? at);
    if (req.typeId !== undefined && req.typeId !== s.typeId) throw refuse('The appointment type differs from the slot\'s', req.paths.type ?? at);
    if (req.start !== undefined && req.start !== s.start) throw refuse(`The start differs from the slot's (${s.start})`, 'Appointment.start');
    ({ providerId, locationId, typeId, start } = s);
  } else {
    providerId = req.providerId!;
    typeId = req.typeId!;
    start = req.start!;
    const provider = d.providers.find((p) => p.id === providerId);
    if (!provider) throw refuse(`Practitioner ${providerId} is not a provider of this practice`, req.paths.provider ?? 'Appointment.participant', 'value');
    if (req.locationId !== undefined) {
      if (!provider.locationIds.includes(req.locationId)) throw refuse(`Practitioner ${providerId} does not work at Location ${req.locationId}`, req.paths.location ?? 'Appointment.participant', 'value');
      locationId = req.locationId;
    } else if (provider.locationIds.length === 1) {
      locationId = provider.locationIds[0]!;
    } else {
      throw refuse(`Name the Location: practitioner ${providerId} works at ${provider.locationIds.length === 0 ? 'no location' : 'several locations'}`, 'Appointment.participant', 'required');
    }
  }
  const type = d.types.find((t) => t.id === typeId);
  if (!type) throw refuse(`Appointment type ${typeId} is not one of the practice's`, req.paths.type ?? 'Appointment.appointmentType', 'value');
  const minutes = type.durationMinutes;
  if (req.minutesDuration !== undefined && req.minutesDuration !== minutes) throw refuse(`A ${type.name} lasts ${minutes} minutes`, 'Appointment.minutesDuration');
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  if (req.end !== undefined && req.end !== end) throw refuse(`A ${type.name} lasts ${minutes} minutes: the end must be ${end}`, 'Appointment.end');
  return { patientId: req.patientId, providerId, locationId, typeId, start };
};

/** An update as one change of a visit, checked against the version read. */
export type AppointmentChange =
  | { kind: 'none' }
  | { kind: 'status'; version: number; to: AppointmentStatus; reason?: string }
  | { kind: 'move'; version: number; start: string; end: string; providerId?: string };

const reasonOf = (c: CodeableConceptIn | undefined): string => (c?.text ?? c?.coding?.find((x) => x.display)?.display ?? c?.coding?.find((x) => x.code)?.code ?? '').trim();

/**
 * A PUT body as the one change it asks of `current`. Needs the version read (If-Match W/"n" or
 * meta.versionId); a stale version is a failed precondition. The patient, appointment type and
 * location cannot change (cancel and book again).
 */
export const appointmentUpdateFromFhir = (body: unknown, current: Appointment, opts: { ifMatch?: string }): Mapped<AppointmentChange> => {
  const r = parseResource(FhirAppointmentIn, body, 'Appointment');
  const notes: FieldIssue[] = [];
  if (r.id !== current.id) {
    throw new DomainError('invalid', `The resource id must be ${current.id}, the id in the URL`, { issues: [{ path: 'Appointment.id', message: r.id ? 'does not match the URL' : 'is required' }], details: { fhirIssueCode: 'invalid' } });
  }
  const version = versionOf(opts.ifMatch, r.meta?.versionId);
  if (version !== current.version) throw new DomainError('precondition_failed', `Appointment ${current.id} changed since version ${version}; read it again (now version ${current.version})`);
  if (!r.status) throw refuse('Give the status', 'Appointment.status', 'required');
  const to = appointmentStatusFromFhir(r.status);
  if (!to) throw refuse(`The practice does not use status ${r.status}; send booked, arrived, fulfilled, cancelled or noshow`, 'Appointment.status', 'not-supported');
  const actors = actorsOf(r, notes);
  if (actors.patient && actors.patient.id !== current.patientId) throw refuse('The patient of a visit cannot change; cancel it and book again', actors.patient.path, 'not-supported');
  if (actors.location && actors.location.id !== current.locationId) throw refuse('The location of a visit cannot change; cancel it and book again', actors.location.path, 'not-supported');
  const type = typeOf(r);
  if (type && type.id !== current.typeId) throw refuse('The appointment type of a visit cannot change; cancel it and book again', type.path, 'not-supported');
  const start = utc(r.start) ?? current.start;
  const startMoved = start !== current.start;
  // A new start without an end keeps the visit's length.
  const end = utc(r.end) ?? (startMoved ? new Date(Date.parse(current.end) + Date.parse(start) - Date.parse(current.start)).toISOString() : current.end);
  if (Date.parse(end) <= Date.parse(start)) throw refuse('The end must be after the start', 'Appointment.end');
  if (r.minutesDuration !== undefined && r.minutesDuration * 60_000 !== Date.parse(end) - Date.parse(start)) throw refuse('minutesDuration does not match start and end', 'Appointment.minutesDuration');
  const providerId = actors.provider && actors.provider.id !== current.providerId ? actors.provider.id : undefined;
  const moved = startMoved || end !== current.end || providerId !== undefined;
  if (moved && to !== current.status) throw refuse('Change the status or the time, not both in one update', 'Appointment.status', 'not-supported');
  if (moved) return { value: { kind: 'move', version, start, end, ...(providerId ? { providerId } : {}) }, notes };
  if (to === current.status) {
    if (r.cancelationReason && to === 'cancelled') notes.push({ path: 'Appointment.cancelationReason', message: 'the reason of a cancelled visit is kept as first given' });
    return { value: { kind: 'none' }, notes };
  }
  if (!canTransition(current.status, to)) {
    throw new DomainError('precondition_failed', `Appointment ${current.id} is ${FHIR_APPOINTMENT_STATUS[current.status]} and cannot become ${FHIR_APPOINTMENT_STATUS[to]}`);
  }
  if (to === 'cancelled') {
    const reason = reasonOf(r.cancelationReason);
    if (reason.length < 4) throw refuse('Say why the visit is cancelled: cancelationReason.text of at least 4 characters', 'Appointment.cancelationReason', 'required');
    return { value: { kind: 'status', version, to, reason: reason.slice(0, 200) }, notes };
  }
  return { value: { kind: 'status', version, to }, notes };
};
