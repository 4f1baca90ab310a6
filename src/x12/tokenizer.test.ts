import { describe, expect, it } from 'vitest';
import { X12Error } from './errors.ts';
import { readSample } from './testing/samples.ts';
import { readDelimiters, tokenize } from './tokenizer.ts';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1030*^*00501*000000001*0*T*:~';

const thrown = (fn: () => unknown): X12Error => {
  try {
    fn();
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw e;
  }
  throw new Error('expected an X12Error');
};

describe('readDelimiters', () => {
  it('takes element, component, repetition and segment delimiters from the ISA', () => {
    expect(ISA.length).toBe(106);
    expect(readDelimiters(ISA)).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
  });

  it('never assumes * : ^ ~: other delimiters work, including a line break as terminator', () => {
    const other = ISA.replaceAll('*', '|').replace('|^|', '|!|').replace(/:~$/, '>\n');
    expect(readDelimiters(other)).toEqual({ element: '|', component: '>', repetition: '!', segment: '\n' });
    const t = tokenize(`${other}GS|HB|A|B|20240102|1030|1|X|005010X279A1\r\nEB|B||1!33|HM\nIEA|1|000000001\n`);
    expect(t.segments.map((s) => s.id)).toEqual(['ISA', 'GS', 'EB', 'IEA']);
    expect(t.segments[1]!.elements.at(-1)).toBe('005010X279A1');
    expect(t.segments[2]!.elements[3]).toBe('1!33');
  });

  it('has no repetition separator before version 00501 (ISA11 was a standards id)', () => {
    expect(readDelimiters(ISA.replace('*^*00501*', '*U*00401*')).repetition).toBeUndefined();
  });

  it.each([
    ['no ISA', 'GS*HB~', undefined],
    ['short ISA', ISA.slice(0, 80), undefined],
    ['element separator moved', ISA.replace('*ZZ*SENDER         *', '*ZZ*SENDER          '), 7],
    ['letter as component separator', ISA.replace(':~', 'A~'), 16],
    ['same delimiter twice', ISA.replace(':~', '^~'), undefined],
    ['space as terminator', ISA.replace(/~$/, ' '), undefined],
  ])('rejects %s with bad_isa at segment 1', (_name, text, elementIndex) => {
    const e = thrown(() => readDelimiters(text));
    expect(e.x12Code).toBe('bad_isa');
    expect(e.position).toBe(1);
    expect(e.segmentId).toBe('ISA');
    expect(e.elementIndex).toBe(elementIndex);
  });
});

describe('tokenize', () => {
  it('reads the samples with line breaks and on one line alike', () => {
    const multi = tokenize(readSample('demo/demo.270'));
    const single = tokenize(readSample('demo/demo-single-line.270'));
    expect(single.segments).toEqual(multi.segments);
    expect(multi.segments).toHaveLength(17);
    expect(multi.segments[5]).toEqual({ id: 'NM1', elements: ['NM1', 'PR', '2', 'ABC COMPANY', '', '', '', '', 'PI', '842610001'], position: 6 });
  });

  it('accepts CRLF, a leading byte-order mark, blank lines between segments and trailing white space', () => {
    const t = tokenize(`\uFEFF${ISA}\r\n\r\nGS*HB~\r\nIEA*0*000000001~\r\n  \t\n`);
    expect(t.segments.map((s) => [s.id, s.position])).toEqual([['ISA', 1], ['GS', 2], ['IEA', 3]]);
  });

  it('names the position of an unterminated (cut short) segment', () => {
    const e = thrown(() => tokenize(`${ISA}GS*HB~ST*271*0001`));
    expect([e.x12Code, e.position, e.segmentId]).toEqual(['bad_segment', 3, 'ST']);
    expect(thrown(() => tokenize(`${ISA}GS*HB~SMITH`)).segmentId).toBe('');
  });

  it('rejects an empty segment and a bad segment id without echoing the text', () => {
    expect(thrown(() => tokenize(`${ISA}GS*HB~~`)).position).toBe(3);
    const e = thrown(() => tokenize(`${ISA}GS*HB~SMITH*JOHN~`));
    expect([e.x12Code, e.position, e.segmentId]).toEqual(['bad_segment', 3, '']);
    expect(e.message).not.toMatch(/SMITH|JOHN/);
    expect(e.message).toBe('X12 segment 3: the segment id is not 2-3 upper-case letters or digits');
  });
});
