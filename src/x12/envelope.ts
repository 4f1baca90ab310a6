import { issueToError, X12Error, x12Issue, type X12Issue } from './errors.ts';
import { el, locate, requireEl } from './segment.ts';
import { tokenize, type Delimiters, type Segment } from './tokenizer.ts';

/** One ST..SE transaction set. */
export interface TransactionSet {
  header: Segment;
  trailer: Segment;
  /** ST01, e.g. '271'. */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST03, e.g. '005010X279A1' ('' when absent). */
  implementationRef: string;
  /** The segments between ST and SE. */
  segments: Segment[];
}

/** One GS..GE functional group. */
export interface FunctionalGroup {
  header: Segment;
  trailer: Segment;
  /** GS01, e.g. 'HB' for 271. */
  functionalId: string;
  /** GS06. */
  controlNumber: string;
  /** GS08, e.g. '005010X279A1'. */
  version: string;
  transactions: TransactionSet[];
}

/** One ISA..IEA interchange with its groups and the envelope problems found. */
export interface Interchange {
  delimiters: Delimiters;
  header: Segment;
  trailer: Segment;
  /** ISA13. */
  controlNumber: string;
  /** ISA15: P production, T test. */
  usage: string;
  /** ISA12, e.g. '00501'. */
  version: string;
  /** TA1 interchange acknowledgments between ISA and the first GS. */
  acknowledgments: Segment[];
  groups: FunctionalGroup[];
  /** Count and control-number mismatches (empty when the envelope is consistent). */
  issues: X12Issue[];
}

export interface ReadOptions {
  /** Throw the first count or control-number mismatch instead of listing it in `issues`. */
  strict?: boolean;
}

const envelopeError = (at: Segment | undefined, after: Segment, reason: string): X12Error =>
  new X12Error('bad_envelope', at ? locate(at) : { position: after.position + 1, segmentId: '' }, reason);

/** Compares a trailer's count (element 1) and control number (element 2) with what it closes. */
const checkTrailer = (trailer: Segment, count: number, control: string, what: string, issues: X12Issue[]): void => {
  const n = el(trailer, 1);
  if (!/^\d{1,10}$/.test(n) || Number(n) !== count) {
    issues.push(x12Issue('count_mismatch', locate(trailer, 1), `${trailer.id}01 must count ${count} ${what}`));
  }
  if (el(trailer, 2).trim() !== control.trim()) {
    issues.push(x12Issue('control_number_mismatch', locate(trailer, 2), `${trailer.id}02 must repeat the control number of its header`));
  }
};

/** Reads the structure of tokenized segments: ISA, GS, ST..SE, GE, IEA, nested correctly. */
export const readEnvelope = (delimiters: Delimiters, segments: readonly Segment[], opts: ReadOptions = {}): Interchange => {
  const issues: X12Issue[] = [];
  const isa = segments[0]!;
  let i = 1;
  const acknowledgments: Segment[] = [];
  while (segments[i]?.id === 'TA1') acknowledgments.push(segments[i++]!);
  const groups: FunctionalGroup[] = [];
  while (segments[i]?.id === 'GS') {
    const gs = segments[i++]!;
    const transactions: TransactionSet[] = [];
    while (segments[i]?.id === 'ST') {
      const st = segments[i++]!;
      const body: Segment[] = [];
      while (i < segments.length && !['SE', 'ST', 'GE', 'GS', 'IEA', 'ISA'].includes(segments[i]!.id)) body.push(segments[i++]!);
      const se = segments[i];
      if (se?.id !== 'SE') throw envelopeError(se, segments[i - 1]!, 'the transaction set has no SE trailer');
      i++;
      const t: TransactionSet = { header: st, trailer: se, id: requireEl(st, 1, 'ST01 transaction set id'), controlNumber: requireEl(st, 2, 'ST02 control number'), implementationRef: el(st, 3), segments: body };
      checkTrailer(se, body.length + 2, t.controlNumber, 'segments from ST to SE', issues);
      transactions.push(t);
    }
    const ge = segments[i];
    if (ge?.id !== 'GE') throw envelopeError(ge, segments[i - 1]!, ge ? 'expected ST or GE here: a segment outside a transaction set' : 'the functional group has no GE trailer');
    i++;
    const g: FunctionalGroup = { header: gs, trailer: ge, functionalId: requireEl(gs, 1, 'GS01 functional identifier'), controlNumber: requireEl(gs, 6, 'GS06 control number'), version: el(gs, 8), transactions };
    checkTrailer(ge, transactions.length, g.controlNumber, 'transaction sets', issues);
    groups.push(g);
  }
  const iea = segments[i];
  if (iea?.id !== 'IEA') throw envelopeError(iea, segments[i - 1]!, iea ? 'expected GS or IEA here: a segment outside a functional group' : 'the interchange has no IEA trailer');
  if (segments[i + 1]) throw envelopeError(segments[i + 1], iea, 'data after the IEA trailer');
  const controlNumber = el(isa, 13);
  if (!/^\d{9}$/.test(controlNumber)) issues.push(x12Issue('bad_value', locate(isa, 13), 'ISA13 must be 9 digits'));
  checkTrailer(iea, groups.length, controlNumber, 'functional groups', issues);
  if (opts.strict && issues[0]) throw issueToError(issues[0]);
  return { delimiters, header: isa, trailer: iea, controlNumber, usage: el(isa, 15), version: el(isa, 12), acknowledgments, groups, issues };
};

/** Tokenizes and reads one interchange; counts and control numbers are checked (see `issues`). */
export const readInterchange = (text: string, opts: ReadOptions = {}): Interchange => {
  const { delimiters, segments } = tokenize(text);
  return readEnvelope(delimiters, segments, opts);
};

/** Every transaction set of the interchange with the given ST01, in order. */
export const transactionsOf = (ic: Interchange, id: string): TransactionSet[] => ic.groups.flatMap((g) => g.transactions.filter((t) => t.id === id));
