import { isValidNpi } from '../../core/reference/index.ts';
import { isLocalDate } from '../../core/shared/index.ts';
import { el, readHierarchy, readInterchange, transactionsOf, type HlNode, type Rejection271, type Segment } from '../../x12/index.ts';

/** A person as a 270 names them (2100C or 2100D). */
export interface InquiryPerson {
  lastName?: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
  memberId?: string;
  /** YYYY-MM-DD, when DMG02 holds a calendar date. */
  birthDate?: string;
  gender?: 'M' | 'F' | 'U';
}

/** An AAA the answer should carry because the 270 lacks something. */
export type InquiryProblem = { level: 'information_source' | 'information_receiver' | 'subscriber' | 'dependent' } & Rejection271;

/** What the payer simulator reads from a 270 (005010X279A1): enough to answer it, leniently. */
export interface Inquiry270 {
  /** ISA05-08 and ISA15, to address the answer back. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  usage: 'P' | 'T';
  /** BHT03. */
  referenceId?: string;
  payer: { name?: string; id?: string };
  provider: { npi?: string; organizationName?: string; lastName?: string; firstName?: string };
  subscriber: InquiryPerson;
  dependent?: InquiryPerson;
  /** The TRN of the patient level (TRN02 and TRN03). */
  trace?: { number: string; originatorId?: string };
  serviceTypes: string[];
  /** DTP*291 (the first date of a range). */
  dateOfService?: string;
  problems: InquiryProblem[];
}

const opt = (s: Segment | undefined, i: number): string | undefined => (s && el(s, i).trim()) || undefined;
const nm1 = (node: HlNode | undefined, entity: string): Segment | undefined => node?.segments.find((s) => s.id === 'NM1' && el(s, 1) === entity);
const first = (node: HlNode | undefined, id: string): Segment | undefined => node?.segments.find((s) => s.id === id);
const date8 = (v: string | undefined): string | undefined => {
  const d = v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : undefined;
  return d && isLocalDate(d) ? d : undefined;
};

/** The person of a 2100C/D loop; a DMG02 that is not a date is reported as AAA 58. */
const personOf = (node: HlNode, entity: 'IL' | '03', level: 'subscriber' | 'dependent', problems: InquiryProblem[]): InquiryPerson => {
  const n = nm1(node, entity);
  const dmg = first(node, 'DMG');
  const birthDate = date8(opt(dmg, 2));
  if (dmg && opt(dmg, 2) && !birthDate) problems.push({ level, code: '58', followUp: 'C', validRequest: false });
  const gender = opt(dmg, 3);
  const p: InquiryPerson = { lastName: opt(n, 3), firstName: opt(n, 4), middleName: opt(n, 5), suffix: opt(n, 7), memberId: opt(n, 9), birthDate, gender: gender === 'M' || gender === 'F' || gender === 'U' ? gender : undefined };
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as InquiryPerson;
};

/** The problems of the payer, provider and member levels a payer would answer with AAA. */
const levelProblems = (r: Inquiry270, hasSubscriberLevel: boolean): InquiryProblem[] => {
  const out: InquiryProblem[] = [];
  // 2100A T4: payer name or identifier missing; 2100B 43: invalid or missing provider identification.
  if (!r.payer.id) out.push({ level: 'information_source', code: 'T4', followUp: 'C', validRequest: false });
  if (!r.provider.npi || !isValidNpi(r.provider.npi)) out.push({ level: 'information_receiver', code: '43', followUp: 'C', validRequest: false });
  // 2100B 15: required application data missing (no subscriber level at all).
  if (!hasSubscriberLevel) out.push({ level: 'information_receiver', code: '15', followUp: 'C', validRequest: false });
  if (hasSubscriberLevel && !r.subscriber.memberId) out.push({ level: 'subscriber', code: '72', followUp: 'C', validRequest: false });
  if (hasSubscriberLevel && !r.subscriber.lastName) out.push({ level: 'subscriber', code: '73', followUp: 'C', validRequest: false });
  if (r.dependent && !r.dependent.lastName) out.push({ level: 'dependent', code: '65', followUp: 'C', validRequest: false });
  return out;
};

/**
 * Reads the first 270 of an interchange for the simulator; null when the text is no readable
 * X12 270 at all. Missing pieces a payer would reject become `problems` (AAA codes), not errors.
 */
export const read270 = (x12: string): Inquiry270 | null => {
  let ic;
  try {
    ic = readInterchange(x12);
  } catch {
    return null;
  }
  const isa = ic.header;
  const t = transactionsOf(ic, '270')[0];
  if (!t) return null;
  let nodes: HlNode[];
  try {
    nodes = readHierarchy(t.segments).nodes;
  } catch {
    return null;
  }
  const level = (code: string) => nodes.find((n) => n.levelCode === code);
  const [source, receiver, sub, dep] = [level('20'), level('21'), level('22'), level('23')];
  const problems: InquiryProblem[] = [];
  const patient = dep ?? sub;
  const trn = first(patient, 'TRN');
  const pr = nm1(source, 'PR');
  const prov = nm1(receiver, '1P');
  const r: Inquiry270 = {
    senderQualifier: el(isa, 5).trim(), senderId: el(isa, 6).trim(), receiverQualifier: el(isa, 7).trim(), receiverId: el(isa, 8).trim(), usage: el(isa, 15) === 'T' ? 'T' : 'P',
    ...(opt(t.segments[0], 3) && t.segments[0]!.id === 'BHT' ? { referenceId: opt(t.segments[0], 3)! } : {}),
    payer: { name: opt(pr, 3), id: opt(pr, 9) },
    provider: prov && el(prov, 2) === '2' ? { organizationName: opt(prov, 3), npi: opt(prov, 9) } : { lastName: opt(prov, 3), firstName: opt(prov, 4), npi: opt(prov, 9) },
    subscriber: sub ? personOf(sub, 'IL', 'subscriber', problems) : {},
    ...(dep ? { dependent: personOf(dep, '03', 'dependent', problems) } : {}),
    ...(trn && opt(trn, 2) ? { trace: { number: opt(trn, 2)!, ...(opt(trn, 3) ? { originatorId: opt(trn, 3)! } : {}) } } : {}),
    serviceTypes: (patient?.segments ?? []).filter((s) => s.id === 'EQ' && el(s, 1) !== '').flatMap((s) => (ic.delimiters.repetition ? el(s, 1).split(ic.delimiters.repetition) : [el(s, 1)])),
    dateOfService: date8(opt(first(patient, 'DTP'), 3)?.slice(0, 8)),
    problems,
  };
  r.problems = [...levelProblems(r, sub !== undefined), ...problems];
  return r;
};
