import { describe, expect, it } from 'vitest';
import { readInterchange, transactionsOf } from './envelope.ts';
import { X12Error } from './errors.ts';
import { readHierarchy, splitBracket, splitLoops } from './loops.ts';
import { listSamples, readSample } from './testing/samples.ts';
import type { Segment } from './tokenizer.ts';

const segs = (spec: string): Segment[] => spec.split('~').filter(Boolean).map((raw, i) => ({ id: raw.split('*')[0]!, elements: raw.split('*'), position: i + 4 }));

describe('readHierarchy', () => {
  it('builds the HL tree of the dependent 271 sample', () => {
    const [t] = transactionsOf(readInterchange(readSample('271_005010X279A1/dependent-health-benefit-check.271')), '271');
    const h = readHierarchy(t!.segments);
    expect(h.head.map((s) => s.id)).toEqual(['BHT']);
    expect(h.nodes.map((n) => [n.id, n.levelCode, n.parent?.id, n.segments.length])).toEqual([
      ['1', '20', undefined, 1],
      ['2', '21', '1', 1],
      ['3', '22', '2', 4],
      ['4', '23', '3', 15],
    ]);
    expect(h.roots).toHaveLength(1);
    expect(h.roots[0]!.children[0]!.children[0]!.children[0]!.id).toBe('4');
  });

  it('rejects a parent that is not an earlier level and a repeated HL01', () => {
    expect(() => readHierarchy(segs('HL*1**20*1~HL*2*3*21*0~HL*3*1*21*0~'))).toThrow('X12 segment 5 (HL) element HL02: HL02 must name an earlier HL01');
    expect(() => readHierarchy(segs('HL*1**20*1~HL*1**20*0~'))).toThrow(X12Error);
    expect(() => readHierarchy(segs('HL*1**20*1~HL*2*2*21*0~'))).toThrow(/earlier HL01/);
    expect(() => readHierarchy(segs('HL*1~'))).toThrow(/HL03/);
  });
});

describe('splitLoops and splitBracket', () => {
  it('splits at loop starts and keeps what precedes the first', () => {
    const { head, loops } = splitLoops(segs('NM1*IL~DMG*D8~EB*1~MSG*A~EB*B~'), (s) => s.id === 'EB');
    expect(head.map((s) => s.id)).toEqual(['NM1', 'DMG']);
    expect(loops.map((l) => l.map((s) => s.id))).toEqual([['EB', 'MSG'], ['EB']]);
  });

  it('separates LS..LE content and rejects unbalanced brackets', () => {
    const r = splitBracket(segs('EB*L~LS*2120~NM1*P3~N3*X~LE*2120~MSG*Y~'));
    expect(r.outside.map((s) => s.id)).toEqual(['EB', 'MSG']);
    expect(r.inner.map((l) => l.map((s) => s.id))).toEqual([['NM1', 'N3']]);
    expect(() => splitBracket(segs('EB*L~LS*2120~NM1*P3~'))).toThrow('X12 segment 5 (LS): LS has no matching LE');
    expect(() => splitBracket(segs('EB*L~LE*2120~'))).toThrow(/LE without LS/);
    expect(() => splitBracket(segs('LS*2120~LS*2120~LE*2120~'))).toThrow(/inside an open/);
    expect(() => splitBracket(segs('LS*2120~LE*2121~'))).toThrow(/LE01 must repeat LS01/);
  });
});

describe('the loop helpers on other transactions (the base for 276/277, 837 and 835)', () => {
  const body = (file: string, id: string) => transactionsOf(readInterchange(readSample(file)), id)[0]!.segments;

  it.each([...listSamples('276'), ...listSamples('277'), ...listSamples('837')])('%s has a well-formed HL tree rooted at level 20', (file) => {
    const h = readHierarchy(body(file, file.slice(-3)));
    expect(h.roots.map((r) => r.levelCode)).toEqual(['20']);
    expect(h.nodes.length).toBeGreaterThan(1);
  });

  it('splits an 835 into claim loops at CLP', () => {
    const { head, loops } = splitLoops(body('835_005010X221A1/managed-care.835', '835'), (s) => s.id === 'CLP');
    expect(head[0]!.id).toBe('BPR');
    expect(loops.length).toBeGreaterThan(0);
    expect(loops.every((l) => l[0]!.id === 'CLP')).toBe(true);
  });
});
