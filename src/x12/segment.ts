import { isLocalDate, type LocalDate } from '../core/shared/index.ts';
import { X12Error, type X12Location } from './errors.ts';
import type { Delimiters, Segment } from './tokenizer.ts';

/** Element `index` of a segment (EB03 is `el(eb, 3)`), '' when absent. */
export const el = (seg: Segment, index: number): string => seg.elements[index] ?? '';

/** The location of a segment, or of one of its elements. */
export const locate = (seg: Segment, elementIndex?: number): X12Location =>
  elementIndex === undefined ? { position: seg.position, segmentId: seg.id } : { position: seg.position, segmentId: seg.id, elementIndex };

/** Element `index`, or an X12Error `missing_element` naming it and `what` it should hold. */
export const requireEl = (seg: Segment, index: number, what: string): string => {
  const v = el(seg, index);
  if (v === '') throw new X12Error('missing_element', locate(seg, index), `${what} is required`);
  return v;
};

/** An X12Error `bad_value` at an element; `rule` says what the value should be, never what it is. */
export const badValue = (seg: Segment, index: number, rule: string): X12Error => new X12Error('bad_value', locate(seg, index), rule);

/** The components of a composite element value (ISA16 separated). */
export const components = (value: string, d: Delimiters): string[] => value.split(d.component);

/** The repetitions of an element value (ISA11 separated); one value when the interchange has no repetition separator. */
export const repeats = (value: string, d: Delimiters): string[] => (value === '' ? [] : d.repetition === undefined ? [value] : value.split(d.repetition));

/** The trimmed value, or undefined when empty (optional elements in typed results). */
export const opt = (seg: Segment, index: number): string | undefined => {
  const v = el(seg, index).trim();
  return v === '' ? undefined : v;
};

/** A CCYYMMDD date element as a LocalDate (YYYY-MM-DD); checks the calendar. */
export const dateEl = (seg: Segment, index: number, value = el(seg, index)): LocalDate => {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const d = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!isLocalDate(d)) throw badValue(seg, index, 'must be a calendar date CCYYMMDD');
  return d;
};

/** An HHMM[SS[D..]] time element as HH:MM. */
export const timeEl = (seg: Segment, index: number): string => {
  const m = /^([01]\d|2[0-3])([0-5]\d)(\d{2}\d*)?$/.exec(el(seg, index));
  if (!m) throw badValue(seg, index, 'must be a time HHMM');
  return `${m[1]}:${m[2]}`;
};

/** A date or date range: D8 CCYYMMDD or RD8 CCYYMMDD-CCYYMMDD (DTP02/DTP03). */
export interface DatePeriod {
  from: LocalDate;
  /** Present for RD8 ranges. */
  to?: LocalDate;
}

/** Reads a DTP-style pair: the format qualifier at `formatIndex` and the value after it. */
export const periodEl = (seg: Segment, formatIndex: number): DatePeriod => {
  const format = el(seg, formatIndex);
  const value = el(seg, formatIndex + 1);
  if (format === 'D8') return { from: dateEl(seg, formatIndex + 1, value) };
  if (format === 'RD8') {
    const parts = value.split('-');
    if (parts.length !== 2) throw badValue(seg, formatIndex + 1, 'an RD8 range must be CCYYMMDD-CCYYMMDD');
    return { from: dateEl(seg, formatIndex + 1, parts[0]), to: dateEl(seg, formatIndex + 1, parts[1]) };
  }
  throw badValue(seg, formatIndex, 'the date format qualifier must be D8 or RD8');
};

const DECIMAL = /^-?(\d{1,18}(\.\d{0,18})?|\.\d{1,18})$/;

/** An X12 decimal (type R) element as an exact string, normalised to a leading digit ('.5' reads '0.5'). */
export const decimalEl = (seg: Segment, index: number): string => {
  const v = el(seg, index);
  if (!DECIMAL.test(v)) throw badValue(seg, index, 'must be a decimal number');
  const neg = v.startsWith('-');
  const body = neg ? v.slice(1) : v;
  const withLead = body.startsWith('.') ? `0${body}` : body.endsWith('.') ? body.slice(0, -1) : body;
  return `${neg ? '-' : ''}${withLead}`;
};

/** An exact decimal string as integer cents, or undefined when it has non-zero digits past the cents. */
export const decimalToCents = (value: string): number | undefined => {
  const neg = value.startsWith('-');
  const [whole = '0', frac = ''] = (neg ? value.slice(1) : value).split('.');
  if (/[1-9]/.test(frac.slice(2))) return undefined;
  const cents = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return undefined;
  return neg && cents !== 0 ? -cents : cents;
};

/** Multiplies an exact decimal string by 100 without floating point ('0.2' gives '20', '.125' gives '12.5'). */
export const fractionToPercent = (value: string): string => {
  const neg = value.startsWith('-');
  const [whole = '0', frac = ''] = (neg ? value.slice(1) : value).split('.');
  const digits = `${whole}${frac.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  const out = rest ? `${digits}.${rest}` : digits;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
};
