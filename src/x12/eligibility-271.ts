import { X279A1, type Eligibility270Input } from './eligibility-270.ts';
import { readBenefitLoop } from './eligibility-271-benefits.ts';
import { defined, readMember, readParty, readRejection, readTrace, skipped, type ReadContext } from './eligibility-271-parts.ts';
import { authorizationsOf, correctionsOf, costSharesOf, coverageOf, otherPayersOf, primaryCareProvidersOf } from './eligibility-271-summary.ts';
import type { Benefit, EligibilityResult, Member, Party, Rejection, Trace } from './eligibility-271-types.ts';
import { readInterchange, type Interchange, type TransactionSet } from './envelope.ts';
import { X12Error, x12Issue, type X12Issue } from './errors.ts';
import { readHierarchy, splitLoops, type HlNode } from './loops.ts';
import { dateEl, el, locate, opt, timeEl } from './segment.ts';
import type { Segment } from './tokenizer.ts';

/** HL03 levels of 005010X279A1, the parent level each needs, the loop letter and the result level. */
const LEVELS: Record<string, { parent?: string; letter: string; level: Rejection['level'] }> = {
  '20': { letter: 'A', level: 'information_source' },
  '21': { parent: '20', letter: 'B', level: 'information_receiver' },
  '22': { parent: '21', letter: 'C', level: 'subscriber' },
  '23': { parent: '22', letter: 'D', level: 'dependent' },
};

/** What one HL level of a 271 says. */
interface LevelInfo {
  node: HlNode;
  party?: Party;
  member?: Member;
  traces: Trace[];
  rejections: Rejection[];
  benefits: Benefit[];
}

/** Reads one HL level: 2000 segments, the 2100 name loop and, for members, the 2110 benefit loops. */
const readLevel = (ctx: ReadContext, node: HlNode): LevelInfo => {
  const spec = LEVELS[node.levelCode];
  if (!spec) throw new X12Error('bad_value', locate(node.hl, 3), 'HL03 must be 20, 21, 22 or 23 in a 271');
  if (spec.parent !== node.parent?.levelCode) throw new X12Error('bad_value', locate(node.hl, 2), `an HL level ${node.levelCode} must sit under a level ${spec.parent ?? 'none'}`);
  const isMember = spec.level === 'subscriber' || spec.level === 'dependent';
  const info: LevelInfo = { node, traces: [], rejections: [], benefits: [] };
  const aaa = (loop: string) => (s: Segment) => info.rejections.push(readRejection(s, `${loop}${spec.letter}`, spec.level));
  const { head: beforeBenefits, loops: benefitLoops } = isMember ? splitLoops(node.segments, (s) => s.id === 'EB') : { head: node.segments, loops: [] };
  const { head: top, loops: names } = splitLoops(beforeBenefits, (s) => s.id === 'NM1');
  for (const s of top) {
    if (s.id === 'AAA') aaa('2000')(s);
    else if (s.id === 'TRN' && isMember) info.traces.push(readTrace(s));
    else skipped(ctx, s, `loop 2000${spec.letter}`);
  }
  const [name, ...extra] = names;
  for (const l of extra) skipped(ctx, l[0]!, `loop 2100${spec.letter} (a second NM1)`);
  if (name && isMember) info.member = readMember(ctx, name, `loop 2100${spec.letter}`, aaa('2100'));
  else if (name) info.party = readParty(ctx, name, `loop 2100${spec.letter}`, (s) => s.id === 'AAA' && (aaa('2100')(s), true));
  for (const loop of benefitLoops) info.benefits.push(readBenefitLoop(ctx, loop, `2110${spec.letter}`, aaa('2110')));
  return info;
};

/** The levels above a node, nearest first. */
const ancestors = (node: HlNode, infos: Map<HlNode, LevelInfo>): LevelInfo[] => {
  const out: LevelInfo[] = [];
  for (let p = node.parent; p; p = p.parent) out.push(infos.get(p)!);
  return out;
};

interface TransactionContext {
  ic: Interchange;
  groupControlNumber: string;
  t: TransactionSet;
  ctx: ReadContext;
  head: Segment[];
  /** Envelope problems outside any transaction set (GE, IEA, ISA13). */
  envelopeIssues: X12Issue[];
}

/** A result and the HL segment of the level it is about. */
interface Located {
  result: EligibilityResult;
  hl: Segment;
}

/** Builds the result for one patient level (or, with no patient, for the top of the hierarchy). */
const resultFor = (tc: TransactionContext, chain: LevelInfo[], inquiry?: Eligibility270Input): EligibilityResult => {
  const find = (code: string) => chain.find((l) => l.node.levelCode === code);
  const source = find('20');
  const receiver = find('21');
  const sub = find('22');
  const dep = find('23');
  const patient = dep ?? sub;
  const benefits = patient?.benefits ?? [];
  const rejections = [...chain].reverse().flatMap((l) => l.rejections);
  const bht = tc.head.find((s) => s.id === 'BHT');
  return defined<EligibilityResult>({
    interchangeControlNumber: tc.ic.controlNumber,
    groupControlNumber: tc.groupControlNumber,
    transactionControlNumber: tc.t.controlNumber,
    implementationRef: tc.t.implementationRef,
    test: tc.ic.usage === 'T',
    ...(bht ? readBht(bht) : {}),
    traces: [...(sub?.traces ?? []), ...(dep?.traces ?? [])],
    payer: source?.party,
    informationReceiver: receiver?.party,
    patientIs: patient ? (dep ? 'dependent' : 'subscriber') : undefined,
    subscriber: sub?.member,
    dependent: dep?.member,
    corrections: patient?.member && correctionsOf(patient.member, dep ? 'dependent' : 'subscriber', inquiry),
    coverage: coverageOf(patient?.member, sub?.member, benefits),
    costShares: costSharesOf(benefits),
    limitations: benefits.filter((b) => b.code.code === 'F'),
    authorizations: authorizationsOf(benefits, rejections),
    messages: benefits.flatMap((b) => b.messages.map((text) => ({ text, benefitCode: b.code.code, serviceTypes: b.serviceTypes.map((s) => s.code), position: b.position }))),
    otherPayers: otherPayersOf(benefits),
    primaryCareProviders: primaryCareProvidersOf(benefits),
    rejections,
    benefits,
    warnings: [...tc.envelopeIssues, ...tc.ctx.warnings],
  });
};

/** BHT03 reference, BHT04 date and BHT05 time. */
const readBht = (bht: Segment): Pick<EligibilityResult, 'referenceId' | 'createdDate' | 'createdTime'> => {
  return defined({ referenceId: opt(bht, 3), createdDate: el(bht, 4) === '' ? undefined : dateEl(bht, 4), createdTime: el(bht, 5) === '' ? undefined : timeEl(bht, 5) });
};

/** The results of one 271 transaction set: one per patient level, or one for a rejected request. */
const readTransaction = (ic: Interchange, groupControlNumber: string, t: TransactionSet, envelopeIssues: X12Issue[], inquiry?: Eligibility270Input): Located[] => {
  const ctx: ReadContext = { d: ic.delimiters, warnings: ic.issues.filter((i) => i.position >= t.header.position && i.position <= t.trailer.position) };
  if (t.implementationRef !== X279A1) ctx.warnings.push(x12Issue('bad_value', locate(t.header, 3), `ST03 is not ${X279A1}; read as ${X279A1}`));
  const first = t.segments[0];
  if (first?.id !== 'BHT') throw new X12Error('unexpected_segment', first ? locate(first) : locate(t.trailer), 'a 271 transaction set starts with BHT');
  const h = readHierarchy(t.segments);
  for (const s of h.head.slice(1)) skipped(ctx, s, 'the transaction header');
  if (!h.nodes.length) throw new X12Error('missing_element', locate(t.trailer), 'a 271 has at least the information source level (HL 20)');
  const infos = new Map(h.nodes.map((n) => [n, readLevel(ctx, n)]));
  const tc: TransactionContext = { ic, groupControlNumber, t, ctx, head: h.head, envelopeIssues };
  const chainOf = (n: HlNode): LevelInfo[] => [infos.get(n)!, ...ancestors(n, infos)];
  const patients = h.nodes.filter((n) => n.levelCode === '23' || (n.levelCode === '22' && (n.children.length === 0 || infos.get(n)!.benefits.length > 0)));
  // No patient level: the request was rejected above it; report the deepest level reached.
  const levels = patients.length ? patients : [h.nodes.at(-1)!];
  return levels.map((n) => ({ result: resultFor(tc, chainOf(n), inquiry), hl: n.hl }));
};

const readAll = (text: string, opts: Parse271Options): Located[] => {
  const ic = readInterchange(text);
  const inside = (p: number) => ic.groups.some((g) => g.transactions.some((t) => p >= t.header.position && p <= t.trailer.position));
  const envelopeIssues = ic.issues.filter((i) => !inside(i.position));
  const out: Located[] = [];
  for (const g of ic.groups) for (const t of g.transactions) if (t.id === '271') out.push(...readTransaction(ic, g.controlNumber, t, envelopeIssues, opts.inquiry));
  if (!out.length) {
    const st = ic.groups.flatMap((g) => g.transactions)[0]?.header;
    throw new X12Error('wrong_transaction', st ? locate(st, 1) : locate(ic.header), 'the interchange holds no 271 transaction set');
  }
  return out;
};

/** Options of the 271 reader. */
export interface Parse271Options {
  /** The 270 that was sent: returned identifying data is compared with it (see `corrections`). */
  inquiry?: Eligibility270Input;
}

/**
 * Reads every 271 transaction set of an interchange into EligibilityResults, one per patient.
 * Malformed input throws X12Error with the segment position; envelope count and control-number
 * mismatches are reported in `warnings`.
 */
export const parse271All = (text: string, opts: Parse271Options = {}): EligibilityResult[] => readAll(text, opts).map((l) => l.result);

/** Reads a 271 that answers about one patient (a real-time answer); more than one throws X12Error. */
export const parse271 = (text: string, opts: Parse271Options = {}): EligibilityResult => {
  const all = readAll(text, opts);
  if (all.length > 1) throw new X12Error('unexpected_segment', locate(all[1]!.hl), `the interchange answers about ${all.length} patients; read it with parse271All`);
  return all[0]!.result;
};
