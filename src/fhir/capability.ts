import {
  APPOINTMENT_DAYS_AHEAD,
  APPOINTMENT_DAYS_BACK,
  APPOINTMENT_MAX_DAYS,
  APPOINTMENT_PARAMS,
  SCHEDULE_PARAMS,
  SLOT_DEFAULT_DAYS,
  SLOT_MAX_DAYS,
  SLOT_PARAMS,
} from './scheduling-search.ts';
import { SchedulingSystems } from './scheduling-types.ts';
import { COVERAGE_PARAMS, ELIGIBILITY_REQUEST_PARAMS, ELIGIBILITY_RESPONSE_PARAMS } from './coverage-search.ts';
import { CoverageSystems } from './coverage.mapping.ts';
import { BENEFIT_REMAINING_EXT } from './eligibility.mapping.ts';
import { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET, ORGANIZATION_PARAMS, PATIENT_PARAMS, PRACTITIONER_PARAMS } from './search-params.ts';

const SP = 'http://hl7.org/fhir/SearchParameter/';

// Canonical definitions of the search parameters in the R4 specification.
const DEFINITIONS: Record<string, Record<string, string>> = {
  Patient: { name: 'Patient-name', family: 'individual-family', given: 'individual-given', birthdate: 'individual-birthdate', identifier: 'Patient-identifier', phone: 'individual-phone' },
  Practitioner: { name: 'Practitioner-name', identifier: 'Practitioner-identifier' },
  Organization: { name: 'Organization-name', type: 'Organization-type' },
  Schedule: { actor: 'Schedule-actor' },
  Slot: { schedule: 'Slot-schedule', 'schedule.actor': 'Schedule-actor', start: 'Slot-start', status: 'Slot-status', 'service-type': 'Slot-service-type' },
  Appointment: { date: 'Appointment-date', patient: 'Appointment-patient', practitioner: 'Appointment-practitioner', status: 'Appointment-status' },
  Coverage: { patient: 'Coverage-patient', beneficiary: 'Coverage-beneficiary', payor: 'Coverage-payor', identifier: 'Coverage-identifier' },
  CoverageEligibilityRequest: { patient: 'CoverageEligibilityRequest-patient' },
  CoverageEligibilityResponse: { patient: 'CoverageEligibilityResponse-patient', request: 'CoverageEligibilityResponse-request' },
};

const DOCS: Record<string, Record<string, string>> = {
  Patient: {
    name: 'One word: the start of the family or a given name; two words: "given family" prefixes. Not combined with family/given',
    family: 'Prefix of the family name',
    given: 'Prefix of the given name',
    birthdate: 'Exact date (YYYY-MM-DD, optional eq prefix); other prefixes are refused',
    identifier: 'urn:medoffice:mrn|value or a bare value: the MRN; any other system: an insurance member id',
    phone: 'Phone number, any punctuation',
  },
  Practitioner: { name: 'Prefix of the family or given name', identifier: 'http://hl7.org/fhir/sid/us-npi|NPI or a bare NPI' },
  Organization: { name: 'Prefix of the name', type: 'pay (payers) or prov (the practice)' },
  Schedule: { actor: 'Practitioner/[id] or Location/[id] (a bare id matches either)' },
  Slot: {
    schedule: 'Schedule/[id]',
    'schedule.actor': 'Chained: Practitioner/[id] or Location/[id] of the schedule',
    start: `Prefixes eq, ge, gt, le, lt; a date (the local date at the location) or a date and time with a zone; at most one lower and one upper bound. Default: today to ${SLOT_DEFAULT_DAYS} days ahead; at most ${SLOT_MAX_DAYS} days per search`,
    status: 'free (only open slots are served; other statuses match nothing)',
    'service-type': `An appointment type: ${SchedulingSystems.appointmentType}|[type id] or a bare type id`,
  },
  Appointment: {
    date: `The start. Prefixes eq, ge, gt, le, lt; a date (the local date at the location) or a date and time with a zone; at most one lower and one upper bound. Default: ${APPOINTMENT_DAYS_BACK} days back to ${APPOINTMENT_DAYS_AHEAD} days ahead; at most ${APPOINTMENT_MAX_DAYS} days per search`,
    patient: 'Patient/[id] or an id',
    practitioner: 'Practitioner/[id] or an id',
    status: 'booked, arrived (checked in), fulfilled (completed), cancelled or noshow',
  },
  Coverage: {
    patient: 'Patient/[id] or an id. A search needs patient, beneficiary or identifier',
    beneficiary: 'Patient/[id] or an id (the same as patient)',
    payor: 'Organization/[id] of a payer; narrows a search by patient, beneficiary or identifier',
    identifier: `The member id: ${CoverageSystems.memberId}|[id] or a bare id (punctuation and case ignored)`,
  },
  CoverageEligibilityRequest: { patient: 'Patient/[id] or an id (required): the patient\'s 100 most recent checks' },
  CoverageEligibilityResponse: {
    patient: 'Patient/[id] or an id: the patient\'s 100 most recent checks',
    request: 'CoverageEligibilityRequest/[id] (a request and its response have the same id)',
  },
};

const searchParams = (type: string, spec: Readonly<Record<string, string>>) =>
  Object.entries(spec).map(([name, t]) => ({ name, definition: `${SP}${DEFINITIONS[type]![name]}`, type: t, documentation: DOCS[type]![name] }));

const readOnly = (type: string, spec: Readonly<Record<string, string>>) => ({
  type,
  profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
  interaction: [{ code: 'read' }, { code: 'search-type' }],
  versioning: 'no-version',
  readHistory: false,
  searchParam: searchParams(type, spec),
});

/**
 * The CapabilityStatement of GET [base]/metadata: exactly what the API supports. `date` is when
 * this statement last changed (the server's start); `version` the software version when known.
 */
export const capabilityStatement = (o: { date: string; version?: string; base?: string }) => ({
  resourceType: 'CapabilityStatement' as const,
  status: 'active',
  date: o.date,
  publisher: 'Medoffice',
  kind: 'instance',
  software: { name: 'Medoffice', ...(o.version ? { version: o.version } : {}) },
  implementation: { description: 'Medoffice FHIR R4 API', ...(o.base ? { url: o.base } : {}) },
  fhirVersion: '4.0.1',
  format: ['json', 'application/fhir+json'],
  rest: [
    {
      mode: 'server',
      documentation: `Searches page with _count (default ${DEFAULT_COUNT}, at most ${MAX_COUNT}) and _offset (at most ${MAX_OFFSET}). Unknown search parameters are refused unless the request sends Prefer: handling=lenient.`,
      security: {
        cors: false,
        description: 'Authenticate every request except GET metadata with Authorization: Bearer <API token or session token>, or the web app session cookie. SMART on FHIR is not supported. Access rules and the audit trail are those of the Medoffice API.',
      },
      resource: [
        {
          type: 'Patient',
          profile: 'http://hl7.org/fhir/StructureDefinition/Patient',
          documentation:
            'The patient registry. The MRN is the identifier with system urn:medoffice:mrn; the SSN is only shown masked. Create needs a family or a given name; elements the registry does not hold are ignored (Prefer: return=OperationOutcome lists them). Update needs If-Match W/"versionId" or meta.versionId.',
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
          versioning: 'versioned-update',
          readHistory: false,
          updateCreate: false,
          conditionalCreate: false,
          conditionalRead: 'not-supported',
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          searchParam: searchParams('Patient', PATIENT_PARAMS),
        },
        readOnly('Practitioner', PRACTITIONER_PARAMS),
        { ...readOnly('Organization', ORGANIZATION_PARAMS), documentation: 'Payers (type pay) and the practice (type prov).' },
        {
          ...readOnly('Schedule', SCHEDULE_PARAMS),
          documentation: `One per practitioner and location with weekly working hours (not stored: built from the working templates). serviceType lists the appointment types the hours allow (system ${SchedulingSystems.appointmentType}).`,
        },
        {
          ...readOnly('Slot', SLOT_PARAMS),
          documentation:
            'Open slots, computed from working hours, exceptions, bookings, rooms and the scheduling guidelines; never stored. Ids are stable for the same practitioner, location, appointment type and start, so a slot found earlier can be read (404 once it is no longer free) or booked. Only free slots are served.',
        },
        {
          type: 'Appointment',
          profile: 'http://hl7.org/fhir/StructureDefinition/Appointment',
          documentation:
            'Visits. Create with one slot (Slot/[id]) and a Patient participant, or with start, appointmentType (system ' +
            SchedulingSystems.appointmentType +
            ') and Patient, Practitioner and (for a practitioner at several locations) Location participants; the end follows from the type. A double booking or a time outside the guidelines answers 409 with an OperationOutcome naming the conflict or every blocking rule. Idempotency-Key is honoured on create. Update (If-Match W/"versionId" or meta.versionId) changes the status (cancelled with cancelationReason, arrived, fulfilled, noshow) or moves start/end or the practitioner, not both at once.',
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
          versioning: 'versioned-update',
          readHistory: false,
          updateCreate: false,
          conditionalCreate: false,
          conditionalRead: 'not-supported',
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          searchParam: searchParams('Appointment', APPOINTMENT_PARAMS),
        },
        {
          type: 'Coverage',
          profile: 'http://hl7.org/fhir/StructureDefinition/Coverage',
          documentation:
            `Insurance coverages of patients. beneficiary is the patient, payor[0] a payer (Organization of type pay), subscriberId the member id, class group (group number) and plan (plan name), order the priority (1 primary to 3; a taken priority moves the others down; omitted on create: the first free one), type the plan type (system ${CoverageSystems.planType}), period the effective and end dates (full dates). A dependant (relationship spouse, child or other) needs the subscriber: Patient/[id], or a contained RelatedPerson (#id) with a family and a given name. Coverages carry no version: update replaces the stored coverage without an If-Match check; the beneficiary cannot change.`,
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
          versioning: 'no-version',
          readHistory: false,
          updateCreate: false,
          conditionalCreate: false,
          conditionalRead: 'not-supported',
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          searchParam: searchParams('Coverage', COVERAGE_PARAMS),
        },
        {
          ...readOnly('CoverageEligibilityRequest', ELIGIBILITY_REQUEST_PARAMS),
          documentation:
            `One per eligibility check: an X12 270 inquiry or a phone verification (no item). servicedDate is the date of service, provider the visit's practitioner, item[].category the X12 service types asked about (system ${CoverageSystems.serviceType}), identifier the 270 trace number. Read-only: checks are made by the pre-visit sweep, Check now and phone verification in the Medoffice API.`,
        },
        {
          ...readOnly('CoverageEligibilityResponse', ELIGIBILITY_RESPONSE_PARAMS),
          documentation:
            `The answer of each check (same id as its request): outcome complete, error (the payer rejected the inquiry, does not know the member, or could not be asked) or queued (being sent); disposition the benefits in plain words; insurance[0].inforce and benefitPeriod; one item per X12 service type, network, level and term with benefits copay, copay-percent (co-insurance), deductible and out-of-pocket (allowedMoney the plan amount, usedMoney what was met; extension ${BENEFIT_REMAINING_EXT} what remains); authorizationRequired when the payer asks for prior authorisation or a referral; error[] the 271 AAA reject reasons.`,
        },
      ],
    },
  ],
});
