import { X12Error } from './errors.ts';

/** The four delimiters an interchange declares in its ISA segment. */
export interface Delimiters {
  /** ISA position 4 (offset 3). */
  element: string;
  /** ISA16. */
  component: string;
  /** ISA11 from version 00501 on; absent in older interchanges, where ISA11 is a standards id. */
  repetition?: string;
  /** The character after ISA16. */
  segment: string;
}

/** One segment as read: `elements[0]` is the segment id, so `elements[3]` is EB03. */
export interface Segment {
  readonly id: string;
  readonly elements: readonly string[];
  /** 1-based ordinal in the interchange; the ISA is 1. */
  readonly position: number;
}

export interface Tokens {
  delimiters: Delimiters;
  segments: Segment[];
}

/** The ISA is fixed width: 106 characters with its terminator. */
export const ISA_LENGTH = 106;
/** Widths of ISA01..ISA16 (X12.5 interchange control header). */
export const ISA_WIDTHS: readonly number[] = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

/** Offsets (from the I of ISA) of the element separator before each ISA element. */
const ISA_SEPARATOR_OFFSETS: readonly number[] = ISA_WIDTHS.reduce<number[]>((acc, _w, i) => {
  acc.push(i === 0 ? 3 : acc[i - 1]! + 1 + ISA_WIDTHS[i - 1]!);
  return acc;
}, []);

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const isLineBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
const isalnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

const isaError = (reason: string, elementIndex?: number): X12Error =>
  new X12Error('bad_isa', { position: 1, segmentId: 'ISA', ...(elementIndex === undefined ? {} : { elementIndex }) }, reason);

/** Reads the delimiters from the ISA that starts at `start`. Throws X12Error `bad_isa`. */
export const readDelimiters = (text: string, start = 0): Delimiters => {
  if (text.slice(start, start + 3) !== 'ISA') throw isaError('the interchange must start with an ISA segment');
  if (text.length < start + ISA_LENGTH) throw isaError(`the ISA segment is shorter than its fixed ${ISA_LENGTH} characters`);
  const element = text[start + 3]!;
  if (isalnum(element) || element === ' ' || isLineBreak(element)) throw isaError('the element separator (ISA position 4) must not be a letter, digit, space or line break');
  for (let i = 0; i < ISA_SEPARATOR_OFFSETS.length; i++) {
    if (text[start + ISA_SEPARATOR_OFFSETS[i]!] !== element) throw isaError('the ISA is not fixed width: an element separator is missing or misplaced', i + 1);
  }
  const isa = text.slice(start, start + ISA_LENGTH - 1);
  if (isa.split(element).length !== 17) throw isaError('the ISA is not fixed width: an element holds the element separator');
  const component = text[start + 104]!;
  const segment = text[start + 105]!;
  const isa11 = text[start + 82]!;
  // ISA11 became the repetition separator in version 00501; before, it was a standards id ('U').
  const repetition = text.slice(start + 84, start + 89) >= '00501' && !isalnum(isa11) && isa11 !== ' ' ? isa11 : undefined;
  if (isalnum(component) || component === ' ' || isLineBreak(component)) throw isaError('the component separator (ISA16) must not be a letter, digit, space or line break', 16);
  if (isalnum(segment) || segment === ' ') throw isaError('the segment terminator after ISA16 must not be a letter, digit or space');
  const all = [element, component, segment, ...(repetition === undefined ? [] : [repetition])];
  if (new Set(all).size !== all.length) throw isaError('the element, component, repetition and segment delimiters must differ');
  return repetition === undefined ? { element, component, segment } : { element, component, repetition, segment };
};

/**
 * Splits an interchange into segments, taking the delimiters from its ISA. Line breaks between
 * segments are accepted. Throws X12Error with the segment position on any malformed segment.
 */
export const tokenize = (text: string): Tokens => {
  let start = 0;
  while (start < text.length && (text[start] === '\uFEFF' || /\s/.test(text[start]!))) start++;
  const delimiters = readDelimiters(text, start);
  const segments: Segment[] = [{ id: 'ISA', elements: text.slice(start, start + ISA_LENGTH - 1).split(delimiters.element), position: 1 }];
  let pos = start + ISA_LENGTH;
  for (;;) {
    while (isLineBreak(text[pos])) pos++;
    if (pos >= text.length) break;
    const position = segments.length + 1;
    const end = text.indexOf(delimiters.segment, pos);
    if (end < 0 && text.slice(pos).trim() === '') break;
    if (end < 0) {
      const id = text.slice(pos, pos + 4).split(delimiters.element)[0]!;
      throw new X12Error('bad_segment', { position, segmentId: SEGMENT_ID.test(id) ? id : '' }, 'the segment has no terminator (the file may be cut short)');
    }
    let raw = text.slice(pos, end);
    // A newline terminator with CRLF line ends leaves the CR behind.
    if (delimiters.segment === '\n' && raw.endsWith('\r')) raw = raw.slice(0, -1);
    const elements = raw.split(delimiters.element);
    const id = elements[0]!;
    if (raw === '') throw new X12Error('bad_segment', { position, segmentId: '' }, 'empty segment (two segment terminators in a row)');
    if (!SEGMENT_ID.test(id)) throw new X12Error('bad_segment', { position, segmentId: '' }, 'the segment id is not 2-3 upper-case letters or digits');
    segments.push({ id, elements, position });
    pos = end + 1;
  }
  return { delimiters, segments };
};
