import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/shared/index.ts';
import { build270, type Eligibility270Input } from './eligibility-270.ts';
import { readInterchange, transactionsOf } from './envelope.ts';
import { readHierarchy } from './loops.ts';
import { el } from './segment.ts';
import { inMemoryControlNumbers } from './testing/in-memory-control-numbers.ts';
import { listSamples, readSample } from './testing/samples.ts';
import { tokenize } from './tokenizer.ts';

const NPI = '1234567893'; // passes the NPI check digit

const subscriberInquiry: Eligibility270Input = {
  payer: { name: 'ABC Company', id: '842610001' },
  provider: { npi: NPI, organizationName: 'Bone and Joint Clinic' },
  subscriber: { memberId: '11122333301', lastName: 'Smith', firstName: 'Robert', birthDate: '1943-05-19' },
  dateOfService: '2006-05-01',
  traceNumber: '93175-012547',
  traceOriginatorId: '9877281234',
  createdAt: new Date('2006-05-01T13:19:00Z'),
  envelope: { senderId: 'MEDOFFICE', receiverId: 'ABCCLEAR', usage: 'T' },
};

const bodyLines = (x12: string): string[] => {
  const [t] = transactionsOf(readInterchange(x12, { strict: true }), '270');
  return t!.segments.map((s) => s.elements.join('*'));
};

describe('270 samples', () => {
  it.each(listSamples('270'))('%s reads with consistent envelope counts and the X279A1 hierarchy', (file) => {
    const ic = readInterchange(readSample(file), { strict: true });
    const [t] = transactionsOf(ic, '270');
    expect([ic.groups[0]!.functionalId, t!.implementationRef, t!.segments[0]!.id, el(t!.segments[0]!, 2)]).toEqual(['HS', '005010X279A1', 'BHT', '13']);
    const levels = readHierarchy(t!.segments).nodes.map((n) => n.levelCode);
    expect(levels).toEqual(file.includes('dependent') ? ['20', '21', '22', '23'] : ['20', '21', '22']);
    expect(t!.segments.filter((s) => s.id === 'EQ').map((s) => el(s, 1))).toEqual(['30']);
  });

  it('finds all four 270 samples, demo included', () => {
    expect(listSamples('270')).toEqual([
      '270_005010X279A1/dependent-health-benefit-check.270',
      '270_005010X279A1/subscriber-health-benefit-check.270',
      'demo/demo-single-line.270',
      'demo/demo.270',
    ]);
  });
});

describe('build270', () => {
  it('writes the subscriber inquiry of the guide, with the NPI as provider id', async () => {
    const built = await build270(subscriberInquiry, inMemoryControlNumbers(), { lineBreak: '\n' });
    expect(built.text.split('\n')[0]).toBe('ISA*00*          *00*          *ZZ*MEDOFFICE      *ZZ*ABCCLEAR       *060501*1319*^*00501*000000001*0*T*:~');
    expect(bodyLines(built.text)).toEqual([
      'BHT*0022*13*93175-012547*20060501*1319',
      'HL*1**20*1',
      'NM1*PR*2*ABC COMPANY*****PI*842610001',
      'HL*2*1*21*1',
      `NM1*1P*2*BONE AND JOINT CLINIC*****XX*${NPI}`,
      'HL*3*2*22*0',
      'TRN*1*93175-012547*9877281234',
      'NM1*IL*1*SMITH*ROBERT****MI*11122333301',
      'DMG*D8*19430519',
      'DTP*291*D8*20060501',
      'EQ*30',
    ]);
    // The same segments as the guide's example, except the provider id (SV there, NPI here).
    const sample = bodyLines(readSample('270_005010X279A1/subscriber-health-benefit-check.270'));
    expect(bodyLines(built.text).slice(1).filter((l) => !l.startsWith('NM1*1P'))).toEqual(sample.slice(1).filter((l) => !l.startsWith('NM1*1P')));
    expect(built.traceNumber).toBe('93175-012547');
  });

  it('writes a dependent inquiry with the trace, demographics, date and one EQ per service type at the dependent', async () => {
    const built = await build270(
      {
        ...subscriberInquiry,
        provider: { npi: NPI, lastName: 'Jones', firstName: 'Marcus' },
        subscriber: { memberId: '11122333301', lastName: 'Smith', firstName: 'Robert' },
        dependent: { lastName: 'Smith', firstName: 'Mary', birthDate: '1978-10-14', gender: 'F' },
        serviceTypeCodes: ['98', 'UC'],
        dateOfServiceEnd: '2006-05-31',
      },
      inMemoryControlNumbers(),
    );
    expect(bodyLines(built.text).slice(1)).toEqual([
      'HL*1**20*1',
      'NM1*PR*2*ABC COMPANY*****PI*842610001',
      'HL*2*1*21*1',
      `NM1*1P*1*JONES*MARCUS****XX*${NPI}`,
      'HL*3*2*22*1',
      'NM1*IL*1*SMITH*ROBERT****MI*11122333301',
      'HL*4*3*23*0',
      'TRN*1*93175-012547*9877281234',
      'NM1*03*1*SMITH*MARY',
      'DMG*D8*19781014*F',
      'DTP*291*RD8*20060501-20060531',
      'EQ*98',
      'EQ*UC',
    ]);
  });

  it('round-trips: the output tokenizes and its SE, GE and IEA counts and control numbers agree', async () => {
    const numbers = inMemoryControlNumbers({ interchange: 123456789, group: 55, transaction: 9876 });
    const built = await build270(subscriberInquiry, numbers);
    expect(built.text).not.toContain('\n');
    const { segments } = tokenize(built.text);
    const ic = readInterchange(built.text, { strict: true });
    expect(ic.issues).toEqual([]);
    const byId = (id: string) => segments.find((s) => s.id === id)!;
    expect([el(byId('SE'), 1), el(byId('SE'), 2), el(byId('ST'), 2)]).toEqual([String(segments.length - 4), '9876', '9876']);
    expect([el(byId('GE'), 1), el(byId('GE'), 2), el(byId('GS'), 6)]).toEqual(['1', '55', '55']);
    expect([el(byId('IEA'), 1), el(byId('IEA'), 2), el(byId('ISA'), 13)]).toEqual(['1', '123456789', '123456789']);
    expect([ic.groups[0]!.functionalId, ic.groups[0]!.version]).toEqual(['HS', '005010X279A1']);
  });

  it('asks for service type 30 when none is given', async () => {
    const built = await build270({ ...subscriberInquiry, serviceTypeCodes: undefined }, inMemoryControlNumbers());
    expect(bodyLines(built.text).filter((l) => l.startsWith('EQ'))).toEqual(['EQ*30']);
  });

  it('names each invalid field and never echoes its value', async () => {
    const bad: Eligibility270Input = {
      ...subscriberInquiry,
      provider: { npi: '1234567890' },
      subscriber: { memberId: 'A*B', lastName: "O'BRIEN*SECRET", firstName: 'Ann', birthDate: '2023-02-29' },
      serviceTypeCodes: ['30', 'ZZ'],
      dateOfService: '2006-05-01',
      dateOfServiceEnd: '2006-04-01',
      traceOriginatorId: '5877281234',
    };
    const e = await build270(bad, inMemoryControlNumbers()).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('invalid');
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      'dateOfServiceEnd',
      'provider.npi',
      'provider.organizationName',
      'serviceTypeCodes.1',
      'subscriber.birthDate',
      'subscriber.lastName',
      'subscriber.memberId',
      'traceOriginatorId',
    ]);
    expect(JSON.stringify(err.issues) + err.message).not.toMatch(/SECRET|A\*B|2023-02-29|1234567890/);
  });

  it('requires the subscriber birth date only when the subscriber is the patient', async () => {
    const noDob = { ...subscriberInquiry, subscriber: { memberId: 'M1', lastName: 'Smith', firstName: 'Robert' } };
    await expect(build270(noDob, inMemoryControlNumbers())).rejects.toMatchObject({ issues: [{ path: 'subscriber.birthDate', message: 'is required when the subscriber is the patient' }] });
  });
});
