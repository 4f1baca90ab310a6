import { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET, ORGANIZATION_PARAMS, PATIENT_PARAMS, PRACTITIONER_PARAMS, type ParamSpec } from './search-params.ts';

const SP = 'http://hl7.org/fhir/SearchParameter/';

// Canonical definitions of the search parameters in the R4 specification.
const DEFINITIONS: Record<string, Record<string, string>> = {
  Patient: { name: 'Patient-name', family: 'individual-family', given: 'individual-given', birthdate: 'individual-birthdate', identifier: 'Patient-identifier', phone: 'individual-phone' },
  Practitioner: { name: 'Practitioner-name', identifier: 'Practitioner-identifier' },
  Organization: { name: 'Organization-name', type: 'Organization-type' },
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
};

const searchParams = (type: string, spec: ParamSpec) =>
  Object.entries(spec).map(([name, t]) => ({ name, definition: `${SP}${DEFINITIONS[type]![name]}`, type: t, documentation: DOCS[type]![name] }));

const readOnly = (type: string, spec: ParamSpec) => ({
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
      ],
    },
  ],
});
