import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/shared/index.ts';
import { buildInterchange } from './envelope-builder.ts';
import { readInterchange, transactionsOf } from './envelope.ts';
import { X12Error } from './errors.ts';
import { seg } from './serializer.ts';
import { inMemoryControlNumbers } from './testing/in-memory-control-numbers.ts';
import { listSamples, readSample } from './testing/samples.ts';

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1030*^*00501*000000001*0*T*:~';
const wrap = (body: string): string => `${ISA}\n${body}`;
const GOOD = 'GS*HB*S*R*20240102*1030*7*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*X*20240102*1030~SE*3*0001~GE*1*7~IEA*1*000000001~';

const thrown = (fn: () => unknown): X12Error => {
  try {
    fn();
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw e;
  }
  throw new Error('expected an X12Error');
};

describe('readInterchange', () => {
  const all = ['270', '271', '276', '277', '834', '835', '837', '837i'].flatMap((ext) => listSamples(ext));

  it('finds every sample file', () => {
    expect(all).toHaveLength(49);
  });

  it.each(all)('reads the envelope of %s with consistent counts', (file) => {
    const ic = readInterchange(readSample(file));
    expect(ic.groups).toHaveLength(1);
    expect(ic.groups[0]!.transactions).toHaveLength(1);
    expect(ic.controlNumber).toMatch(/^\d{9}$/);
    // The error sample's SE02 (4323) does not repeat its ST02 (4321); that is reported, not fatal.
    const expected = file.endsWith('subscriber-health-benefit-check-error.271') ? [{ code: 'control_number_mismatch', position: 10, segmentId: 'SE', elementIndex: 2 }] : [];
    expect(ic.issues.map(({ code, position, segmentId, elementIndex }) => ({ code, position, segmentId, elementIndex }))).toEqual(expected);
  });

  it('exposes the groups, transactions and envelope fields', () => {
    const ic = readInterchange(wrap(GOOD));
    expect([ic.controlNumber, ic.usage, ic.version]).toEqual(['000000001', 'T', '00501']);
    const g = ic.groups[0]!;
    expect([g.functionalId, g.controlNumber, g.version]).toEqual(['HB', '7', '005010X279A1']);
    const [t] = transactionsOf(ic, '271');
    expect([t!.id, t!.controlNumber, t!.implementationRef, t!.segments.map((s) => s.id)]).toEqual(['271', '0001', '005010X279A1', ['BHT']]);
    expect(transactionsOf(ic, '270')).toEqual([]);
  });

  it('reports wrong counts and control numbers, and throws them when strict', () => {
    const bad = GOOD.replace('SE*3*0001', 'SE*4*0002').replace('GE*1*7', 'GE*2*8').replace('IEA*1*000000001', 'IEA*x*000000002');
    const ic = readInterchange(wrap(bad));
    expect(ic.issues.map((i) => [i.code, i.position, i.segmentId, i.elementIndex])).toEqual([
      ['count_mismatch', 5, 'SE', 1],
      ['control_number_mismatch', 5, 'SE', 2],
      ['count_mismatch', 6, 'GE', 1],
      ['control_number_mismatch', 6, 'GE', 2],
      ['count_mismatch', 7, 'IEA', 1],
      ['control_number_mismatch', 7, 'IEA', 2],
    ]);
    expect(ic.issues[0]!.message).toBe('X12 segment 5 (SE) element SE01: SE01 must count 3 segments from ST to SE');
    const e = thrown(() => readInterchange(wrap(bad), { strict: true }));
    expect([e.x12Code, e.position, e.elementIndex]).toEqual(['count_mismatch', 5, 1]);
  });

  it.each([
    ['a transaction set without SE', GOOD.replace('SE*3*0001~', ''), 5, 'GE'],
    ['a group without GE', GOOD.replace('GE*1*7~', ''), 6, 'IEA'],
    ['an interchange without IEA', GOOD.replace('IEA*1*000000001~', ''), 7, ''],
    ['a segment outside a transaction set', GOOD.replace('GE*1*7~', 'BHT*0022~GE*1*7~'), 6, 'BHT'],
    ['a segment outside a group', GOOD.replace('IEA', 'ST*271*2~SE*2*2~IEA'), 7, 'ST'],
    ['data after IEA', `${GOOD}GS*HB~`, 8, 'GS'],
    ['a second ISA', `${GOOD.replace('IEA*1*000000001~', '')}${ISA}`, 7, 'ISA'],
  ])('rejects %s with bad_envelope at the segment', (_name, body, position, segmentId) => {
    const e = thrown(() => readInterchange(wrap(body)));
    expect([e.x12Code, e.position, e.segmentId]).toEqual(['bad_envelope', position, segmentId]);
  });

  it('names a missing ST02', () => {
    const e = thrown(() => readInterchange(wrap(GOOD.replace('ST*271*0001*', 'ST*271**'))));
    expect([e.x12Code, e.position, e.segmentId, e.elementIndex]).toEqual(['missing_element', 3, 'ST', 2]);
  });
});

describe('buildInterchange', () => {
  const body = [seg('BHT', '0022', '13', 'REF1', '20240102', '1030'), seg('HL', '1', '', '20', '0')];

  it('writes a fixed-width ISA, allocates one number per envelope and counts the trailers', async () => {
    const numbers = inMemoryControlNumbers({ interchange: 41, group: 7, transaction: 99 });
    const built = await buildInterchange(
      {
        parties: { senderId: 'MEDOFFICE', receiverId: 'CLEARINGHS', usage: 'T' },
        createdAt: new Date('2024-01-02T10:30:00Z'),
        groups: [{ functionalId: 'HS', version: '005010X279A1', transactions: [{ id: '270', implementationRef: '005010X279A1', body }, { id: '270', implementationRef: '005010X279A1', body: body.slice(0, 1) }] }],
      },
      numbers,
      { lineBreak: '\n' },
    );
    const lines = built.text.split('\n');
    expect(lines[0]).toBe('ISA*00*          *00*          *ZZ*MEDOFFICE      *ZZ*CLEARINGHS     *240102*1030*^*00501*000000041*0*T*:~');
    expect(lines[0]!.length).toBe(106);
    expect(lines.slice(1)).toEqual([
      'GS*HS*MEDOFFICE*CLEARINGHS*20240102*1030*7*X*005010X279A1~',
      'ST*270*0099*005010X279A1~',
      'BHT*0022*13*REF1*20240102*1030~',
      'HL*1**20*0~',
      'SE*4*0099~',
      'ST*270*0100*005010X279A1~',
      'BHT*0022*13*REF1*20240102*1030~',
      'SE*3*0100~',
      'GE*2*7~',
      'IEA*1*000000041~',
      '',
    ]);
    expect(built).toMatchObject({ interchangeControlNumber: '000000041', groups: [{ controlNumber: '7', transactionControlNumbers: ['0099', '0100'] }] });
    expect(numbers.issued).toEqual({ interchange: [41], group: [7], transaction: [99, 100] });
    expect(readInterchange(built.text, { strict: true }).issues).toEqual([]);
  });

  it('refuses party ids that do not fit the ISA and control numbers out of range', async () => {
    const content = { parties: { senderId: 'A-VERY-LONG-SENDER-ID', receiverId: 'R' }, createdAt: new Date('2024-01-02T10:30:00Z'), groups: [] };
    await expect(buildInterchange(content, inMemoryControlNumbers())).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'senderId' }] });
    const ok = { ...content, parties: { senderId: 'S', receiverId: 'R' } };
    await expect(buildInterchange(ok, inMemoryControlNumbers({ interchange: 1_000_000_000 }))).rejects.toBeInstanceOf(DomainError);
    await expect(buildInterchange(ok, inMemoryControlNumbers({ interchange: 0 }))).rejects.toThrow(/outside 1\.\.999999999/);
  });
});
