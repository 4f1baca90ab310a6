import { invalid } from '../core/shared/index.ts';
import { MAX_CONTROL_NUMBER, type ControlNumberKind, type ControlNumberSource } from './control-numbers.ts';
import { DEFAULT_DELIMITERS, seg, serializeSegments, type OutSegment } from './serializer.ts';
import type { Delimiters } from './tokenizer.ts';

/** Who sends and receives an interchange (ISA05-08, GS02-03) and how it is flagged. */
export interface InterchangeParties {
  /** ISA05, default 'ZZ' (mutually defined). */
  senderQualifier?: string;
  /** ISA06, up to 15 characters. */
  senderId: string;
  /** ISA07, default 'ZZ'. */
  receiverQualifier?: string;
  /** ISA08, up to 15 characters. */
  receiverId: string;
  /** GS02, default the sender id. */
  applicationSender?: string;
  /** GS03, default the receiver id. */
  applicationReceiver?: string;
  /** ISA15: P production (default) or T test. */
  usage?: 'P' | 'T';
  /** ISA14: ask for a TA1 interchange acknowledgment (default false). */
  acknowledgmentRequested?: boolean;
}

/** One transaction set to envelope: its id and the segments between ST and SE. */
export interface TransactionContent {
  /** ST01, e.g. '270'. */
  id: string;
  /** ST03, e.g. '005010X279A1'. */
  implementationRef: string;
  body: readonly OutSegment[];
}

/** One functional group: GS01 functional id, GS08 version and its transaction sets. */
export interface GroupContent {
  functionalId: string;
  version: string;
  transactions: readonly TransactionContent[];
}

export interface InterchangeContent {
  parties: InterchangeParties;
  /** Written as UTC into ISA09/ISA10 and GS04/GS05. */
  createdAt: Date;
  groups: readonly GroupContent[];
}

/** The interchange text and the control numbers it used (as written). */
export interface BuiltInterchange {
  text: string;
  interchangeControlNumber: string;
  groups: { controlNumber: string; transactionControlNumbers: string[] }[];
}

const SAFE_ID = /^[A-Za-z0-9 ._\-/&()]*$/;

const field = (value: string, width: number, name: string): string => {
  if (value.length > width || !SAFE_ID.test(value)) throw invalid(`Interchange ${name} is invalid`, [{ path: name, message: `must be up to ${width} letters, digits or spaces` }]);
  return value.padEnd(width, ' ');
};

const take = async (numbers: ControlNumberSource, kind: ControlNumberKind): Promise<number> => {
  const n = await numbers.next(kind);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONTROL_NUMBER) throw invalid(`The ${kind} control number source returned a number outside 1..${MAX_CONTROL_NUMBER}`);
  return n;
};

/** The fixed-width ISA segment (106 characters with its terminator). */
const isaSegment = (p: InterchangeParties, at: Date, control: string, d: Required<Delimiters>): string => {
  const iso = at.toISOString();
  const yymmdd = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const hhmm = iso.slice(11, 13) + iso.slice(14, 16);
  const parts = [
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
    field(p.senderQualifier ?? 'ZZ', 2, 'senderQualifier'), field(p.senderId, 15, 'senderId'),
    field(p.receiverQualifier ?? 'ZZ', 2, 'receiverQualifier'), field(p.receiverId, 15, 'receiverId'),
    yymmdd, hhmm, d.repetition, '00501', control, p.acknowledgmentRequested ? '1' : '0', p.usage ?? 'P', d.component,
  ];
  return parts.join(d.element) + d.segment;
};

/**
 * Envelopes transaction sets in ISA/GS/ST..SE/GE/IEA with control numbers from `numbers`
 * (one per interchange, group and transaction set) and the counts the trailers need.
 */
export const buildInterchange = async (content: InterchangeContent, numbers: ControlNumberSource, opts: { delimiters?: Required<Delimiters>; lineBreak?: '' | '\n' | '\r\n' } = {}): Promise<BuiltInterchange> => {
  const d = opts.delimiters ?? DEFAULT_DELIMITERS;
  const br = opts.lineBreak ?? '';
  const p = content.parties;
  const isaControl = String(await take(numbers, 'interchange')).padStart(9, '0');
  const iso = content.createdAt.toISOString();
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 13) + iso.slice(14, 16);
  let text = isaSegment(p, content.createdAt, isaControl, d) + br;
  let position = 2;
  const groups: BuiltInterchange['groups'] = [];
  for (const g of content.groups) {
    const gsControl = String(await take(numbers, 'group'));
    const out: OutSegment[] = [seg('GS', g.functionalId, p.applicationSender ?? p.senderId, p.applicationReceiver ?? p.receiverId, date, time, gsControl, 'X', g.version)];
    const stControls: string[] = [];
    for (const t of g.transactions) {
      // ST02 is 4 to 9 characters; pad small numbers.
      const stControl = String(await take(numbers, 'transaction')).padStart(4, '0');
      stControls.push(stControl);
      out.push(seg('ST', t.id, stControl, t.implementationRef), ...t.body, seg('SE', String(t.body.length + 2), stControl));
    }
    out.push(seg('GE', String(g.transactions.length), gsControl));
    text += serializeSegments(out, d, { firstPosition: position, lineBreak: br });
    position += out.length;
    groups.push({ controlNumber: gsControl, transactionControlNumbers: stControls });
  }
  text += serializeSegments([seg('IEA', String(content.groups.length), isaControl)], d, { firstPosition: position, lineBreak: br });
  return { text, interchangeControlNumber: isaControl, groups };
};
