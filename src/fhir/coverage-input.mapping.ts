import { CoverageInputSchema, type Coverage, type CoverageInput, type Relationship } from '../core/patients/index.ts';
import { PlanTypes, type PlanType } from '../core/reference/index.ts';
import { DomainError, isDomainError, isLocalDate, type FieldIssue } from '../core/shared/index.ts';
import { CoverageSystems, PLAN_ACT_CODE } from './coverage.mapping.ts';
import { Systems } from './datatypes.ts';
import { FHIR_ID, FhirCoverageIn, parseResource, type CodeableConceptIn } from './input-schemas.ts';
import type { Mapped } from './patient-input.mapping.ts';

// FHIR Coverage -> the coverages service's input, in two steps: `coverageDraftFromFhir` reads the
// resource (who, which payer, member id, plan, dates, subscriber); `coverageInputOf` adds the
// priority (Coverage.order, or the first free one) and validates like the domain API, naming the
// FHIR element of every refusal. Elements the registry does not keep are reported as notes.

/** A Coverage read from FHIR, before its priority is settled. */
export interface CoverageDraft {
  /** Coverage.id as sent (an update must send the id of its URL). */
  id?: string;
  /** The beneficiary's patient id. */
  patientId: string;
  /** Coverage.order when sent. */
  priority?: number;
  fields: Omit<CoverageInput, 'priority'>;
  /** Core field -> the FHIR expression it came from. */
  paths: Record<string, string>;
  notes: FieldIssue[];
}

const refuse = (message: string, path: string, code: 'invalid' | 'required' | 'value' | 'not-supported' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

/** The id in `Type/id` (relative, absolute or versioned), or null when the reference is to another type or malformed. */
export const referencedId = (reference: string | undefined, type: string): string | null => {
  const m = /^(?:https?:\/\/\S+\/)?([A-Z][A-Za-z]+)\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(reference?.trim() ?? '');
  return m && m[1] === type && FHIR_ID.test(m[2]!) ? m[2]! : null;
};

/** subscriber-relationship codes as ours: common-law spouse is a spouse; parent and injured party are `other`. */
const RELATIONSHIP_IN: Readonly<Record<string, Relationship>> = { self: 'self', spouse: 'spouse', common: 'spouse', child: 'child', parent: 'other', injured: 'other', other: 'other' };

const readRelationship = (cc: CodeableConceptIn | undefined, notes: FieldIssue[]): Relationship => {
  if (!cc) return 'self';
  const codings = cc.coding ?? [];
  const coding = codings.find((c) => c.system === CoverageSystems.subscriberRelationship) ?? codings.find((c) => !c.system);
  const code = coding?.code ?? (codings.length === 0 ? cc.text?.trim().toLowerCase() : undefined);
  const ours = code ? RELATIONSHIP_IN[code] : undefined;
  if (!ours) {
    throw refuse(`Coverage.relationship must be a ${CoverageSystems.subscriberRelationship} code: ${Object.keys(RELATIONSHIP_IN).join(', ')}`, 'Coverage.relationship', 'value');
  }
  if (code === 'parent' || code === 'injured') notes.push({ path: 'Coverage.relationship', message: `${code} is stored as other` });
  return ours;
};

const readPlanType = (cc: CodeableConceptIn | undefined, notes: FieldIssue[]): PlanType => {
  const isPlan = (s: string | undefined): s is PlanType => !!s && (PlanTypes as readonly string[]).includes(s);
  if (!cc) {
    notes.push({ path: 'Coverage.type', message: 'absent; stored as plan type Other' });
    return 'Other';
  }
  const ours = cc.coding?.find((c) => c.system === CoverageSystems.planType);
  if (ours) {
    if (!isPlan(ours.code)) throw refuse(`Coverage.type: ${CoverageSystems.planType} codes are ${PlanTypes.join(', ')}`, 'Coverage.type', 'value');
    return ours.code;
  }
  const act = cc.coding?.find((c) => c.system === CoverageSystems.actCode && Object.values(PLAN_ACT_CODE).some((a) => a.code === c.code));
  if (act) return (Object.entries(PLAN_ACT_CODE) as [PlanType, { code: string }][]).find(([, a]) => a.code === act.code)![0];
  const byText = PlanTypes.find((t) => t.toLowerCase() === cc.text?.trim().toLowerCase());
  if (byText) return byText;
  notes.push({ path: 'Coverage.type', message: 'not a plan type the practice knows; stored as Other' });
  return 'Other';
};

/** A date element as YYYY-MM-DD: a full date, or the date part of a dateTime. */
const readDate = (v: string | undefined, path: string): string | null => {
  if (v === undefined) return null;
  const day = v.slice(0, 10);
  if (!isLocalDate(day)) throw refuse(`${path} must be a full date (YYYY-MM-DD)`, path, 'value');
  return day;
};

const readClasses = (r: FhirCoverageIn, notes: FieldIssue[], paths: Record<string, string>): { groupNumber: string | null; planName: string | null } => {
  let groupNumber: string | null = null;
  let planName: string | null = null;
  (r.class ?? []).forEach((k, i) => {
    const code = k.type.coding?.find((c) => c.system === CoverageSystems.coverageClass || !c.system)?.code;
    const at = `Coverage.class[${i}]`;
    if (code === 'group' && groupNumber === null) {
      groupNumber = k.value;
      paths.groupNumber = `${at}.value`;
    } else if (code === 'plan' && planName === null) {
      planName = k.name ?? k.value;
      paths.planName = k.name ? `${at}.name` : `${at}.value`;
    } else notes.push({ path: at, message: 'only one group and one plan class are kept; not stored' });
  });
  return { groupNumber, planName };
};

/** The subscriber when the patient is a dependant: a registered Patient, or a contained RelatedPerson or Patient with a name. */
const readSubscriber = (r: FhirCoverageIn, relationship: Relationship, notes: FieldIssue[], paths: Record<string, string>): Pick<CoverageInput, 'subscriberPatientId' | 'subscriber'> => {
  const ref = r.subscriber?.reference?.trim();
  if (!ref) return { subscriberPatientId: null, subscriber: null };
  paths.subscriber = paths.subscriberPatientId = 'Coverage.subscriber';
  if (relationship === 'self') {
    if (ref !== `Patient/${referencedId(r.beneficiary?.reference, 'Patient')}`) notes.push({ path: 'Coverage.subscriber', message: 'the beneficiary is the subscriber (relationship self); not stored' });
    return { subscriberPatientId: null, subscriber: null };
  }
  if (ref.startsWith('#')) {
    const i = (r.contained ?? []).findIndex((x) => x.id === ref.slice(1));
    const person = r.contained?.[i];
    if (!person || (person.resourceType !== 'RelatedPerson' && person.resourceType !== 'Patient')) throw refuse('Coverage.subscriber must point at a contained RelatedPerson or Patient', 'Coverage.subscriber', 'value');
    const at = `Coverage.contained[${i}]`;
    const n = (person.name ?? []).find((x) => x.family && x.given?.length);
    if (!n) throw refuse('The subscriber needs a family and a given name', `${at}.name`, 'required');
    paths.subscriber = at;
    if (person.birthDate && person.birthDate.length !== 10) notes.push({ path: `${at}.birthDate`, message: 'only full dates are stored; not stored' });
    return {
      subscriberPatientId: null,
      subscriber: { familyName: n.family!, givenName: n.given![0]!, birthDate: person.birthDate?.length === 10 ? person.birthDate : null, sex: person.gender ?? null },
    };
  }
  const patientId = referencedId(ref, 'Patient');
  if (!patientId) throw refuse('Coverage.subscriber must be Patient/[id] or a contained RelatedPerson (#id)', 'Coverage.subscriber', 'not-supported');
  return { subscriberPatientId: patientId, subscriber: null };
};

/** Reads a FHIR Coverage (create or update). The beneficiary, a payor and the member id (subscriberId) are required. */
export const coverageDraftFromFhir = (body: unknown): CoverageDraft => {
  const r = parseResource(FhirCoverageIn, body, 'Coverage');
  const notes: FieldIssue[] = [];
  const paths: Record<string, string> = {
    payerId: 'Coverage.payor[0]', memberId: 'Coverage.subscriberId', planType: 'Coverage.type', priority: 'Coverage.order', relationship: 'Coverage.relationship',
    effectiveDate: 'Coverage.period.start', endDate: 'Coverage.period.end', groupNumber: 'Coverage.class', planName: 'Coverage.class', subscriber: 'Coverage.subscriber', subscriberPatientId: 'Coverage.subscriber',
  };
  if (r.status && r.status !== 'active') throw refuse('Only active coverages are kept; to end one, set period.end', 'Coverage.status', 'not-supported');
  if (!r.beneficiary?.reference) throw refuse('Coverage.beneficiary is required: the patient, Patient/[id]', 'Coverage.beneficiary', 'required');
  const patientId = referencedId(r.beneficiary.reference, 'Patient');
  if (!patientId) throw refuse('Coverage.beneficiary must be Patient/[id]', 'Coverage.beneficiary', 'value');
  if (!r.payor?.length) throw refuse('Coverage.payor is required: the payer, Organization/[id]', 'Coverage.payor', 'required');
  const payerId = referencedId(r.payor[0]!.reference, 'Organization');
  if (!payerId) throw refuse('Coverage.payor[0] must be Organization/[id] of a payer', 'Coverage.payor[0]', 'value');
  if (r.payor.length > 1) notes.push({ path: 'Coverage.payor', message: 'only the first payor is kept' });
  const memberIndex = (r.identifier ?? []).findIndex((x) => x.system === CoverageSystems.memberId && x.value);
  const memberId = r.subscriberId ?? r.identifier?.[memberIndex]?.value;
  if (!memberId) throw refuse('Coverage.subscriberId is required: the member id on the insurance card', 'Coverage.subscriberId', 'required');
  if (!r.subscriberId) paths.memberId = `Coverage.identifier[${memberIndex}]`;
  (r.identifier ?? []).forEach((x, i) => {
    const same = x.value === memberId && (x.system === CoverageSystems.memberId || x.type?.coding?.some((c) => c.system === Systems.identifierType && c.code === 'MB'));
    if (!same) notes.push({ path: `Coverage.identifier[${i}]`, message: 'only the member id is kept; not stored' });
  });
  if (r.dependent !== undefined) notes.push({ path: 'Coverage.dependent', message: 'not stored' });
  if (r.network !== undefined) notes.push({ path: 'Coverage.network', message: 'not stored' });
  const relationship = readRelationship(r.relationship, notes);
  return {
    ...(r.id ? { id: r.id } : {}),
    patientId,
    ...(r.order !== undefined ? { priority: r.order } : {}),
    fields: {
      payerId,
      memberId,
      ...readClasses(r, notes, paths),
      planType: readPlanType(r.type, notes),
      relationship,
      ...readSubscriber(r, relationship, notes, paths),
      effectiveDate: readDate(r.period?.start, 'Coverage.period.start'),
      endDate: readDate(r.period?.end, 'Coverage.period.end'),
    },
    paths,
    notes,
  };
};

/** Most coverages a patient holds at once (priorities 1-3: primary, secondary, tertiary). */
export const MAX_PRIORITY = 3;

/** The first priority no other coverage of the patient holds, or null when 1-3 are all taken. */
export const freePriority = (others: readonly Pick<Coverage, 'priority'>[]): number | null => {
  for (let p = 1; p <= MAX_PRIORITY; p++) if (!others.some((o) => o.priority === p)) return p;
  return null;
};

/** A domain input error re-pathed to the FHIR elements it came from (other errors unchanged). */
export const coverageErrorAsFhir = (e: unknown, paths: Record<string, string>): unknown => {
  if (!isDomainError(e) || e.code !== 'invalid' || !e.issues.some((i) => paths[i.path.split('.')[0]!])) return e;
  return new DomainError('invalid', e.message, { issues: e.issues.map((i) => ({ ...i, path: paths[i.path.split('.')[0]!] ?? i.path })), details: { ...e.details, fhirIssueCode: e.details.fhirIssueCode ?? 'invalid' } });
};

/** The draft with its priority, validated like the domain API; refusals name the FHIR elements. */
export const coverageInputOf = (draft: CoverageDraft, priority: number): Mapped<CoverageInput> => {
  const parsed = CoverageInputSchema.safeParse({ ...draft.fields, priority });
  if (!parsed.success) {
    throw new DomainError('invalid', 'The Coverage cannot be stored', {
      issues: parsed.error.issues.map((i) => ({ path: draft.paths[String(i.path[0])] ?? 'Coverage', message: i.message })),
      details: { fhirIssueCode: 'invalid' },
    });
  }
  return { value: parsed.data, notes: draft.notes };
};
