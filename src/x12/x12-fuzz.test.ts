import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse271All } from './eligibility-271.ts';
import { readInterchange } from './envelope.ts';
import { X12Error } from './errors.ts';
import { FIXTURES_271 } from './testing/fixtures-271.ts';
import { listSamples, readSample } from './testing/samples.ts';
import { tokenize } from './tokenizer.ts';

// Property tests: whatever the input, the tokenizer, the envelope reader and the 271 reader either
// succeed or throw an X12Error with a position; never another exception, never a hang.

const SAMPLES = [...listSamples('271'), ...listSamples('270')].map(readSample).concat(Object.values(FIXTURES_271));
/** Patient data in the samples that no error message may repeat. */
const PHI = ['SMITH', 'JOHN', 'MARY', 'ROBERT', 'DOE', 'JANE', 'BROADWAY', 'KANSAS', '19630519', '19981014', '19430519', 'W123456789', '11122333301'];
const READERS: [string, (text: string) => unknown][] = [
  ['tokenize', tokenize],
  ['readInterchange', (t) => readInterchange(t)],
  ['readInterchange strict', (t) => readInterchange(t, { strict: true })],
  ['parse271All', parse271All],
];

/** Runs every reader; each either returns something JSON can write or throws a well-formed X12Error. */
const checkAll = (text: string): void => {
  for (const [, read] of READERS) {
    let result: unknown;
    try {
      result = read(text);
    } catch (e) {
      if (!(e instanceof X12Error)) throw e;
      expect(Number.isInteger(e.position) && e.position >= 1).toBe(true);
      expect(e.segmentId).toMatch(/^([A-Z][A-Z0-9]{1,2})?$/);
      expect(e.message).toMatch(/^X12 segment \d+( \([A-Z][A-Z0-9]{1,2}\))?( element ([A-Z][A-Z0-9]{1,2}\d{2}|#\d+))?: /);
      for (const word of PHI) expect(e.message).not.toContain(word);
      continue;
    }
    expect(() => JSON.stringify(result)).not.toThrow();
  }
};

/** One edit of an interchange split into segments. */
type Mutation =
  | { op: 'delete' | 'duplicate'; i: number }
  | { op: 'swap'; i: number; j: number }
  | { op: 'truncate'; at: number }
  | { op: 'char'; at: number; c: string }
  | { op: 'element'; i: number; e: number; value: string }
  | { op: 'count'; id: 'SE' | 'GE' | 'IEA'; n: number }
  | { op: 'insert'; i: number; segment: string };

const X12_CHARS = fc.constantFrom('*', '~', ':', '^', '\n', '\r', ' ', 'A', 'Z', '0', '9', '-', '.', 'EB', 'HL', 'LS', 'LE', 'ST', 'SE', 'ISA', 'GS', 'IEA', 'D8', 'RD8');
const junk = fc.array(X12_CHARS, { maxLength: 12 }).map((xs) => xs.join(''));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), i: fc.nat(80) }),
  fc.record({ op: fc.constant('swap' as const), i: fc.nat(80), j: fc.nat(80) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(3000) }),
  fc.record({ op: fc.constant('char' as const), at: fc.nat(3000), c: fc.oneof(X12_CHARS, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
  fc.record({ op: fc.constant('element' as const), i: fc.nat(80), e: fc.nat(14), value: junk }),
  fc.record({ op: fc.constant('count' as const), id: fc.constantFrom('SE' as const, 'GE' as const, 'IEA' as const), n: fc.integer({ min: -1, max: 120 }) }),
  fc.record({ op: fc.constant('insert' as const), i: fc.nat(80), segment: fc.oneof(junk, fc.constantFrom('HL*9*1*23*0', 'HL*1**20*1', 'LS*2120', 'LE*2120', 'EB*C*FAM*30***29*-5', 'AAA*N**99', 'DTP*291*RD8*20240101', 'NM1*IL*1', 'ST*271*1', 'SE*2*1', 'GE*1*1')) }),
);

const applyMutation = (text: string, m: Mutation): string => {
  const segs = text.split('~');
  const at = (i: number) => (segs.length ? i % segs.length : 0);
  switch (m.op) {
    case 'delete': segs.splice(at(m.i), 1); break;
    case 'duplicate': segs.splice(at(m.i), 0, segs[at(m.i)] ?? ''); break;
    case 'swap': {
      const [a, b] = [at(m.i), at(m.j)];
      [segs[a], segs[b]] = [segs[b] ?? '', segs[a] ?? ''];
      break;
    }
    case 'truncate': return text.slice(0, m.at % (text.length + 1));
    case 'char': {
      const p = m.at % (text.length + 1);
      return text.slice(0, p) + m.c + text.slice(p + 1);
    }
    case 'element': {
      const parts = (segs[at(m.i)] ?? '').split('*');
      parts[Math.min(m.e, parts.length)] = m.value;
      segs[at(m.i)] = parts.join('*');
      break;
    }
    case 'count': {
      const k = segs.findIndex((s) => s.replace(/^\s+/, '').startsWith(`${m.id}*`));
      if (k >= 0) segs[k] = segs[k]!.replace(/\*[^*]*/, `*${m.n}`);
      break;
    }
    case 'insert': segs.splice(at(m.i), 0, `\n${m.segment}`); break;
  }
  return segs.join('~');
};

describe('X12 readers under random and mutated input', () => {
  it('the unmodified samples all read', () => {
    for (const s of SAMPLES) expect(() => checkAll(s)).not.toThrow();
    expect(SAMPLES.length).toBe(14);
  });

  it('random bytes: an X12Error with a position or a result, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkAll(Buffer.from(bytes).toString('latin1'))),
      { numRuns: 300 },
    );
  });

  it('random text behind a valid ISA: the segment reader copes with any delimiter soup', () => {
    const isa = SAMPLES[0]!.slice(0, 106);
    fc.assert(
      fc.property(fc.array(X12_CHARS, { maxLength: 200 }), (xs) => checkAll(isa + xs.join(''))),
      { numRuns: 300 },
    );
  });

  it('mutated samples (segments deleted, duplicated, swapped, inserted; delimiters corrupted; truncated; counts changed)', () => {
    fc.assert(
      fc.property(fc.nat(SAMPLES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (k, ms) => {
        checkAll(ms.reduce(applyMutation, SAMPLES[k]!));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a large input whole: 5,000 benefit segments (its speed is measured by npm run bench:x12, not asserted here)', () => {
    const big = FIXTURES_271.PPO_DEDUCTIBLE_271!.replace(/EB\*C\*IND\*30\*PR\*\*23\*1500\.00\*\*\*\*\*Y~/, 'EB*C*IND*30*PR**23*1500.00*****Y~\n'.repeat(5000)).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 4999}*`);
    const [r] = parse271All(big);
    expect(r!.costShares.length).toBe(13 + 4999);
    expect(r!.warnings).toEqual([]);
  });
});
