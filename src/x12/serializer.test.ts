import { describe, expect, it } from 'vitest';
import { X12Error } from './errors.ts';
import { components, repeats } from './segment.ts';
import { DEFAULT_DELIMITERS, seg, serializeSegment, serializeSegments, type ElementValue } from './serializer.ts';
import { listSamples, readSample } from './testing/samples.ts';
import { tokenize, type Delimiters } from './tokenizer.ts';

/** A read element as a value to write: repetitions and composites kept apart. */
const toValue = (v: string, d: Delimiters): ElementValue => {
  const composite = (x: string) => (x.includes(d.component) ? { components: components(x, d) } : x);
  if (d.repetition !== undefined && v.includes(d.repetition)) return { repeats: repeats(v, d).map(composite) };
  return composite(v);
};

describe('serializer', () => {
  it('writes elements, composites and repetitions and drops trailing empties', () => {
    expect(serializeSegment(seg('NM1', 'IL', '1', 'SMITH', 'JOHN', undefined, '', '', 'MI', '123'), DEFAULT_DELIMITERS, 1)).toBe('NM1*IL*1*SMITH*JOHN****MI*123~');
    expect(serializeSegment(seg('EB', 'B', '', { repeats: ['1', '33'] }, 'HM', undefined, undefined), DEFAULT_DELIMITERS, 1)).toBe('EB*B**1^33*HM~');
    expect(serializeSegment(seg('EB', 'C', undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, { components: ['HC', '99213', undefined] }), DEFAULT_DELIMITERS, 1)).toBe('EB*C************HC:99213~');
    expect(serializeSegment(seg('EQ', { repeats: [{ components: ['HC', '99213'] }, '30'] }), DEFAULT_DELIMITERS, 1)).toBe('EQ*HC:99213^30~');
  });

  it('puts an optional line break after each terminator', () => {
    expect(serializeSegments([seg('GE', '1', '1'), seg('IEA', '1', '000000001')], DEFAULT_DELIMITERS, { lineBreak: '\n' })).toBe('GE*1*1~\nIEA*1*000000001~\n');
  });

  it('refuses a value holding a delimiter or line break, naming the place but not the value', () => {
    for (const bad of ['O*BRIEN', 'A:B', 'A^B', 'A~B', 'A\nB']) {
      const fn = () => serializeSegments([seg('ST', '270', '0001'), seg('NM1', 'IL', '1', bad)], DEFAULT_DELIMITERS, { firstPosition: 3 });
      expect(fn).toThrow(X12Error);
      expect(fn).toThrow('X12 segment 4 (NM1) element NM103: the value contains a delimiter or a line break');
    }
  });
});

describe('tokenize and serialize round trip', () => {
  const all = ['270', '271', '276', '277', '834', '835', '837', '837i'].flatMap((ext) => listSamples(ext));

  it.each(all)('%s: every segment after the ISA is written back as read', (file) => {
    const text = readSample(file);
    const { delimiters, segments } = tokenize(text);
    const out = segments.slice(1).map((s) => seg(s.id, ...s.elements.slice(1).map((v) => toValue(v, delimiters))));
    const expected = text.slice(text.indexOf('ISA') + 106).replace(/[\r\n]/g, '');
    expect(serializeSegments(out, { ...delimiters, repetition: delimiters.repetition ?? '^' }, { firstPosition: 2 })).toBe(expected);
  });
});
