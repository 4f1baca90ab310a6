import type { AppointmentStatus } from '../core/scheduling/index.ts';
import type { Bundle, CodeableConcept, FhirResource, Meta, OperationOutcome, OutcomeIssue, Reference } from './fhir-types.ts';
import { searchsetBundle, type SearchsetInput } from './bundle.ts';

// The slices of FHIR R4 Schedule, Slot and Appointment this API writes
// (https://hl7.org/fhir/R4/schedule.html, slot.html, appointment.html).

/** Code systems of the scheduling resources. */
export const SchedulingSystems = {
  /** The practice's own appointment types: code = the type's id, display = its name. */
  appointmentType: 'urn:medoffice:appointment-type',
  /** Machine codes of guideline verdicts in refusals (`lead_time`, `conflict_provider`, ...). */
  schedulingVerdict: 'urn:medoffice:scheduling-verdict',
  slotStatus: 'http://hl7.org/fhir/slotstatus',
  appointmentStatus: 'http://hl7.org/fhir/appointmentstatus',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
} as const;

export interface Period {
  start?: string;
  end?: string;
}

export interface FhirSchedule {
  resourceType: 'Schedule';
  id: string;
  active: boolean;
  serviceType?: CodeableConcept[];
  actor: Reference[];
  planningHorizon?: Period;
}

export type FhirSlotStatus = 'busy' | 'free' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';

export interface FhirSlot {
  resourceType: 'Slot';
  id: string;
  serviceType?: CodeableConcept[];
  appointmentType?: CodeableConcept;
  schedule: Reference;
  status: FhirSlotStatus;
  start: string;
  end: string;
}

/** https://hl7.org/fhir/R4/valueset-appointmentstatus.html */
export const FhirAppointmentStatuses = ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'] as const;
export type FhirAppointmentStatus = (typeof FhirAppointmentStatuses)[number];

export interface AppointmentParticipant {
  type?: CodeableConcept[];
  actor: Reference;
  required: 'required' | 'optional' | 'information-only';
  status: 'accepted' | 'declined' | 'tentative' | 'needs-action';
}

export interface FhirAppointment {
  resourceType: 'Appointment';
  id: string;
  meta: Meta;
  status: FhirAppointmentStatus;
  cancelationReason?: CodeableConcept;
  serviceType?: CodeableConcept[];
  appointmentType?: CodeableConcept;
  start: string;
  end: string;
  minutesDuration: number;
  created: string;
  participant: AppointmentParticipant[];
}

/** Our statuses as FHIR's (a checked-in visit is `arrived`). */
export const FHIR_APPOINTMENT_STATUS: Readonly<Record<AppointmentStatus, FhirAppointmentStatus>> = {
  booked: 'booked',
  checked_in: 'arrived',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
};

/** A FHIR status as ours; `checked-in` is read as `arrived`. Undefined for statuses the practice never has (proposed, waitlist, ...). */
export const appointmentStatusFromFhir = (s: string): AppointmentStatus | undefined => {
  if (s === 'checked-in') return 'checked_in';
  return (Object.entries(FHIR_APPOINTMENT_STATUS) as [AppointmentStatus, FhirAppointmentStatus][]).find(([, f]) => f === s)?.[0];
};

/** An OperationOutcome issue with a coded detail (the verdict's machine code). */
export interface DetailedIssue extends OutcomeIssue {
  details?: CodeableConcept;
}

export interface DetailedOutcome extends OperationOutcome {
  issue: DetailedIssue[];
}

export type SchedulingResource = FhirSchedule | FhirSlot | FhirAppointment;

/**
 * A searchset Bundle of scheduling resources. `searchsetBundle` only reads `id` from each
 * resource; the cast is needed because `FhirResource` (fhir-types.ts) does not list these types yet.
 */
export const schedulingSearchset = (s: Omit<SearchsetInput, 'resources'> & { resources: SchedulingResource[] }): Bundle =>
  searchsetBundle({ ...s, resources: s.resources as unknown as (FhirResource & { id: string })[] });
