import { formatLocalIso, nameOf, type Appointment, type AppointmentType, type BookingConflict, type BookingRefusal, type LocationSummary, type ProviderSummary } from '../core/scheduling/index.ts';
import { appointmentTypeConcept } from './schedule.mapping.ts';
import { FHIR_APPOINTMENT_STATUS, SchedulingSystems, type AppointmentParticipant, type DetailedIssue, type DetailedOutcome, type FhirAppointment } from './scheduling-types.ts';

// A visit as a FHIR R4 Appointment. The patient is named by reference only (no name: the
// calendar's restricted-record rules stay with the domain API); times carry the location's offset.

/** The reference data an Appointment names, when known. */
export interface AppointmentNames {
  type?: Pick<AppointmentType, 'name'>;
  provider?: ProviderSummary;
  location?: Pick<LocationSummary, 'name'>;
}

const PRIMARY_PERFORMER = { coding: [{ system: SchedulingSystems.participationType, code: 'PPRF', display: 'primary performer' }] };

/** A visit as an Appointment: status mapped (checked in = arrived, completed = fulfilled), meta.versionId the version. */
export const toFhirAppointment = (a: Appointment, n: AppointmentNames = {}): FhirAppointment => {
  const concept = appointmentTypeConcept(a.typeId, n.type);
  const participant: AppointmentParticipant[] = [
    { actor: { reference: `Patient/${a.patientId}` }, required: 'required', status: 'accepted' },
    { type: [PRIMARY_PERFORMER], actor: { reference: `Practitioner/${a.providerId}`, ...(n.provider ? { display: nameOf(n.provider) } : {}) }, required: 'required', status: 'accepted' },
    { actor: { reference: `Location/${a.locationId}`, ...(n.location ? { display: n.location.name } : {}) }, required: 'required', status: 'accepted' },
  ];
  const reason = a.status === 'cancelled' && a.cancelReason?.trim() ? a.cancelReason : null;
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: { versionId: String(a.version), lastUpdated: a.updatedAt },
    status: FHIR_APPOINTMENT_STATUS[a.status],
    ...(reason ? { cancelationReason: { text: reason } } : {}),
    serviceType: [concept],
    appointmentType: concept,
    start: formatLocalIso(a.start, a.timeZone),
    end: formatLocalIso(a.end, a.timeZone),
    minutesDuration: Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000),
    created: a.createdAt,
    participant,
  };
};

const HELD_BY: Record<BookingConflict['resource'], string> = {
  provider: 'The practitioner is already booked at this time',
  room: 'The room is already in use at this time',
  patient: 'The patient already has a visit at this time',
};

const verdictDetails = (code: string) => ({ coding: [{ system: SchedulingSystems.schedulingVerdict, code }] });

/**
 * A refused booking or move as a 409 OperationOutcome (issue code `conflict`): the occupied
 * resource and the visit in the way, or one issue per blocking guideline verdict with its
 * sentence and machine code. Names no patient.
 */
export const bookingRefusalOutcome = (r: BookingConflict | BookingRefusal): DetailedOutcome => {
  if (r.kind === 'conflict') {
    const issue: DetailedIssue = {
      severity: 'error',
      code: 'conflict',
      details: verdictDetails(`conflict_${r.resource}`),
      diagnostics: `${HELD_BY[r.resource]}${r.appointmentId ? ` (Appointment/${r.appointmentId})` : ''}; choose another slot`,
    };
    return { resourceType: 'OperationOutcome', issue: [issue] };
  }
  const blocking = r.verdicts.filter((v) => v.blocking);
  const shown = blocking.length > 0 ? blocking : r.verdicts;
  const issue = shown.map(
    (v): DetailedIssue => ({ severity: 'error', code: 'conflict', details: verdictDetails(v.code), diagnostics: `${v.sentence}${v.appointmentId ? ` (Appointment/${v.appointmentId})` : ''}` }),
  );
  return { resourceType: 'OperationOutcome', issue: issue.length ? issue : [{ severity: 'error', code: 'conflict', diagnostics: 'The scheduling guidelines refuse this time' }] };
};
