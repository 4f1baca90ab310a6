import { X12Error } from './errors.ts';
import type { Delimiters } from './tokenizer.ts';

/** A composite element: its components in order (e.g. EB13 `HC:99213`). */
export interface Composite {
  readonly components: readonly (string | undefined)[];
}
/** A repeated element: each repetition a simple value or a composite (e.g. EB03 `1^33^98`). */
export interface Repeated {
  readonly repeats: readonly (string | Composite)[];
}
/** An element to write; undefined or '' leaves it empty. */
export type ElementValue = string | Composite | Repeated | undefined;

/** A segment to write; `elements[0]` is element 01 (unlike a read Segment, whose [0] is the id). */
export interface OutSegment {
  readonly id: string;
  readonly elements: readonly ElementValue[];
}

/** The delimiters Medoffice writes: `*` elements, `:` components, `^` repetitions, `~` segments. */
export const DEFAULT_DELIMITERS: Readonly<Required<Delimiters>> = { element: '*', component: ':', repetition: '^', segment: '~' };

/** A segment from its id and elements 01, 02, ... */
export const seg = (id: string, ...elements: ElementValue[]): OutSegment => ({ id, elements });

const trimEnd = <T>(xs: readonly T[], empty: (x: T) => boolean): T[] => {
  let n = xs.length;
  while (n > 0 && empty(xs[n - 1]!)) n--;
  return xs.slice(0, n);
};

/**
 * Writes one segment. Trailing empty elements and components are dropped, as X12 requires.
 * A value holding a delimiter or a line break throws X12Error `bad_value` at `position`.
 */
export const serializeSegment = (s: OutSegment, d: Delimiters, position: number): string => {
  const check = (v: string, elementIndex: number): string => {
    for (const c of [d.element, d.component, d.segment, d.repetition, '\r', '\n']) {
      if (c !== undefined && v.includes(c)) throw new X12Error('bad_value', { position, segmentId: s.id, elementIndex }, 'the value contains a delimiter or a line break');
    }
    return v;
  };
  const composite = (c: Composite, i: number): string => trimEnd(c.components, (x) => !x).map((x) => check(x ?? '', i)).join(d.component);
  const element = (v: ElementValue, i: number): string => {
    if (v === undefined) return '';
    if (typeof v === 'string') return check(v, i);
    if ('components' in v) return composite(v, i);
    if (v.repeats.length > 1 && d.repetition === undefined) throw new X12Error('bad_value', { position, segmentId: s.id, elementIndex: i }, 'repeated values need a repetition separator');
    return v.repeats.map((r) => (typeof r === 'string' ? check(r, i) : composite(r, i))).join(d.repetition ?? '');
  };
  const values = trimEnd(s.elements.map((v, i) => element(v, i + 1)), (x) => x === '');
  return [s.id, ...values].join(d.element) + d.segment;
};

/** Writes segments numbered from `firstPosition`; `lineBreak` goes after each terminator. */
export const serializeSegments = (segments: readonly OutSegment[], d: Delimiters, opts: { firstPosition?: number; lineBreak?: '' | '\n' | '\r\n' } = {}): string => {
  const first = opts.firstPosition ?? 1;
  return segments.map((s, i) => serializeSegment(s, d, first + i) + (opts.lineBreak ?? '')).join('');
};
