import { followUpAction, rejectReason } from './aaa-codes.ts';
import { coded, DATE_QUALIFIERS, ENTITY_CODES, REFERENCE_QUALIFIERS, RELATIONSHIPS } from './eligibility-codes.ts';
import type { Address, Contact, DateInfo, Member, Party, ReferenceInfo, Rejection, Trace } from './eligibility-271-types.ts';
import { x12Issue, type X12Issue } from './errors.ts';
import { badValue, dateEl, el, locate, opt, periodEl, requireEl } from './segment.ts';
import type { Delimiters, Segment } from './tokenizer.ts';

/** What the 271 readers share: the delimiters and the list of warnings. */
export interface ReadContext {
  d: Delimiters;
  warnings: X12Issue[];
}

/** Notes a segment the reader does not use at this place (reported, not fatal). */
export const skipped = (ctx: ReadContext, s: Segment, where: string): void => {
  ctx.warnings.push(x12Issue('unexpected_segment', locate(s), `${s.id} is not read in ${where}`));
};

/** DTP01 qualifier, DTP02 D8/RD8 and DTP03. */
export const readDate = (s: Segment): DateInfo => ({ ...coded(DATE_QUALIFIERS, requireEl(s, 1, 'DTP01 date qualifier')), ...periodEl(s, 2) });

/** REF01 qualifier, REF02 value, REF03 description. */
export const readReference = (s: Segment): ReferenceInfo => {
  const description = opt(s, 3);
  return { ...coded(REFERENCE_QUALIFIERS, requireEl(s, 1, 'REF01 reference qualifier')), value: el(s, 2).trim(), ...(description ? { description } : {}) };
};

/** TRN01 trace type, TRN02 number, TRN03 originator, TRN04 secondary reference. */
export const readTrace = (s: Segment): Trace => {
  const t = el(s, 1);
  const trace: Trace = { type: t === '2' ? 'referenced' : t === '1' ? 'current' : 'other', number: requireEl(s, 2, 'TRN02 trace number') };
  const originatorId = opt(s, 3);
  const secondaryReference = opt(s, 4);
  if (originatorId) trace.originatorId = originatorId;
  if (secondaryReference) trace.secondaryReference = secondaryReference;
  return trace;
};

/** AAA01 valid request flag, AAA03 reject reason, AAA04 follow-up action. */
export const readRejection = (s: Segment, loop: string, level: Rejection['level']): Rejection => {
  const valid = el(s, 1);
  if (valid !== 'Y' && valid !== 'N') throw badValue(s, 1, 'AAA01 must be Y or N');
  const code = requireEl(s, 3, 'AAA03 reject reason');
  const { meaning, nextStep } = rejectReason(code);
  const follow = opt(s, 4);
  return { position: s.position, loop, level, validRequest: valid === 'Y', reason: { code, label: meaning, nextStep }, ...(follow ? { followUp: { code: follow, label: followUpAction(follow) } } : {}) };
};

/** The object without its undefined properties, key order kept (results read top-down as JSON). */
export const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const readAddress = (n3: Segment | undefined, n4: Segment | undefined): Address | undefined => {
  const a = defined<Address>({
    line1: n3 && opt(n3, 1),
    line2: n3 && opt(n3, 2),
    city: n4 && opt(n4, 1),
    state: n4 && opt(n4, 2),
    postalCode: n4 && opt(n4, 3),
    country: n4 && opt(n4, 4),
  });
  return Object.keys(a).length ? a : undefined;
};

const readContact = (s: Segment): Contact => {
  const channels: Contact['channels'] = [];
  for (const i of [3, 5, 7]) {
    const kind = opt(s, i);
    const value = opt(s, i + 1);
    if (kind && value) channels.push({ kind, value });
  }
  const name = opt(s, 2);
  return { ...(name ? { name } : {}), channels };
};

/** NM1 name fields shared by parties and members. */
const nameOf = (nm1: Segment) => defined({ name: opt(nm1, 3), firstName: opt(nm1, 4), middleName: opt(nm1, 5), suffix: opt(nm1, 7), idQualifier: opt(nm1, 8), id: opt(nm1, 9) });

/**
 * A party from an NM1 loop (2100A/B, 2120C/D): NM1 then N3, N4, PER, PRV, REF.
 * `where` names the loop for warnings; AAA segments are left to the caller via `onOther`.
 */
export const readParty = (ctx: ReadContext, segs: readonly Segment[], where: string, onOther?: (s: Segment) => boolean): Party => {
  const nm1 = segs[0]!;
  const kindCode = el(nm1, 2);
  const contacts: Contact[] = [];
  let n3: Segment | undefined;
  let n4: Segment | undefined;
  let taxonomy: string | undefined;
  for (const s of segs.slice(1)) {
    if (s.id === 'N3') n3 = s;
    else if (s.id === 'N4') n4 = s;
    else if (s.id === 'PER') contacts.push(readContact(s));
    else if (s.id === 'PRV') taxonomy = opt(s, 3);
    else if (!onOther?.(s)) skipped(ctx, s, where);
  }
  const entity = coded(ENTITY_CODES, requireEl(nm1, 1, 'NM101 entity identifier'));
  return defined<Party>({ entity, kind: kindCode === '1' ? 'person' : kindCode === '2' ? 'organization' : 'unknown', ...nameOf(nm1), address: readAddress(n3, n4), contacts, taxonomy });
};

/**
 * The subscriber or dependent of a 2100C/D loop: NM1, REF, N3, N4, PRV, DMG, INS, HI, DTP, MPI.
 * AAA segments go to `onAaa`; segments the reader does not use become warnings.
 */
export const readMember = (ctx: ReadContext, segs: readonly Segment[], where: string, onAaa: (s: Segment) => void): Member => {
  const n = nameOf(segs[0]!);
  const references: ReferenceInfo[] = [];
  const dates: DateInfo[] = [];
  let n3: Segment | undefined;
  let n4: Segment | undefined;
  let dmg: Segment | undefined;
  let ins: Segment | undefined;
  for (const s of segs.slice(1)) {
    switch (s.id) {
      case 'N3': n3 = s; break;
      case 'N4': n4 = s; break;
      case 'REF': references.push(readReference(s)); break;
      case 'DTP': dates.push(readDate(s)); break;
      case 'AAA': onAaa(s); break;
      case 'DMG': dmg = s; break;
      case 'INS': ins = s; break;
      // PRV (provider), HI (diagnoses) and MPI (military) carry nothing the result reports.
      case 'PRV': case 'HI': case 'MPI': break;
      default: skipped(ctx, s, where);
    }
  }
  const relationship = ins && opt(ins, 2);
  return defined<Member>({
    lastName: n.name, firstName: n.firstName, middleName: n.middleName, suffix: n.suffix, memberId: n.id, idQualifier: n.idQualifier,
    birthDate: dmg && birthDateOf(dmg), gender: dmg && opt(dmg, 3),
    relationship: relationship ? coded(RELATIONSHIPS, relationship) : undefined,
    address: readAddress(n3, n4),
    // INS03 001 (change) with INS04 25 (change in identifying data elements).
    identityChangedByPayer: ins !== undefined && el(ins, 3) === '001' && el(ins, 4) === '25',
    references,
    dates,
  });
};

/** DMG01 D8 and DMG02 birth date. */
const birthDateOf = (s: Segment): string | undefined => {
  if (el(s, 2) === '') return undefined;
  if (el(s, 1) !== 'D8') throw badValue(s, 1, 'DMG01 must be D8');
  return dateEl(s, 2);
};
