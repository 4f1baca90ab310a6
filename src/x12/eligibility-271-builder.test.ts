import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/shared/index.ts';
import type { Eligibility270Input } from './eligibility-270.ts';
import { BENEFIT_PERIODS, build271, centsToDecimal, eligibility271Body, percentToFraction, type Eligibility271Input } from './eligibility-271-builder.ts';
import type { EligibilityResult } from './eligibility-271-types.ts';
import { parse271 } from './eligibility-271.ts';
import { readInterchange } from './envelope.ts';
import { X12Error } from './errors.ts';
import { inMemoryControlNumbers } from './testing/in-memory-control-numbers.ts';

const NPI = '1234567893';
const BASE = {
  payer: { name: 'SUNRISE HEALTH PLAN', id: 'SUN01' },
  provider: { npi: NPI, organizationName: 'MAPLE FAMILY PRACTICE' },
  inquiryTrace: { number: 'TRACE-0001', originatorId: '9123456789' },
  referenceId: 'TRACE-0001',
  createdAt: new Date('2024-01-02T08:00:00Z'),
  envelope: { senderId: 'PAYERSIM', receiverId: 'MEDOFFICE' },
} satisfies Partial<Eligibility271Input>;
const DOE = { lastName: 'DOE', firstName: 'JANE', memberId: 'PPO1001', birthDate: '1980-02-29', gender: 'F' } as const;

const PPO: Eligibility271Input = {
  ...BASE,
  payerTrace: { number: 'SIM-1', originatorId: '9999999999' },
  subscriber: DOE,
  coverage: { status: 'active', coverageLevel: 'FAM', insuranceType: 'PR', planName: 'PPO GOLD', groupNumber: 'GRP-4455', groupName: 'ACME WIDGETS', planBegin: '2024-01-01', eligibilityBegin: '2023-01-15' },
  benefits: [
    { kind: 'deductible', coverageLevel: 'IND', period: 'calendar_year', amountCents: 150000, network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'IND', period: 'remaining', amountCents: 40050, network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'FAM', period: 'calendar_year', amountCents: 300000, network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'IND', period: 'calendar_year', amountCents: 300000, network: 'out_of_network' },
    { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'calendar_year', amountCents: 600000, network: 'in_network' },
    { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'remaining', amountCents: 476600, network: 'in_network' },
    { kind: 'coinsurance', coverageLevel: 'IND', serviceTypes: ['98', 'UC'], period: 'visit', percent: 20, network: 'in_network', messages: ['COINSURANCE APPLIES AFTER DEDUCTIBLE'] },
    { kind: 'coinsurance', coverageLevel: 'IND', serviceTypes: ['98'], period: 'visit', percent: 12.5, network: 'out_of_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['98'], period: 'visit', amountCents: 2500, network: 'in_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['A0'], period: 'visit', amountCents: 0, network: 'any', authorizationRequired: true },
  ],
};

const HMO_DEPENDENT: Eligibility271Input = {
  ...BASE,
  subscriber: { lastName: 'POE', firstName: 'PAT', memberId: 'HMO2002' },
  dependent: { lastName: 'POE', firstName: 'SAM', birthDate: '2015-07-04', gender: 'M' },
  coverage: { status: 'active', code: '4', insuranceType: 'HM', planName: 'HMO SILVER', groupNumber: 'HMO-77', planBegin: '2022-01-01', planEnd: '2024-12-31' },
  benefits: [
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['98'], period: 'visit', amountCents: 2000, network: 'in_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['BQ'], period: 'visit', amountCents: 4000, network: 'in_network', referralRequired: true, rejections: [{ code: 'AE', followUp: 'C' }] },
  ],
  primaryCareProvider: { lastName: 'WELBY', firstName: 'MARCUS', npi: NPI },
};

const INACTIVE: Eligibility271Input = {
  ...BASE,
  subscriber: { lastName: 'ROE', firstName: 'RICHARD', memberId: 'INA3003', birthDate: '1951-11-30', gender: 'M' },
  coverage: { status: 'inactive', planName: 'PPO BRONZE', planBegin: '2020-01-01', planEnd: '2023-12-31', messages: ['COVERAGE TERMINATED'] },
};

const NOT_FOUND: Eligibility271Input = { ...BASE, subscriber: { lastName: 'DOE', firstName: 'JOHN', memberId: 'NF4004' }, rejections: [{ level: 'subscriber', code: '75', followUp: 'C' }] };

const NAME_CORRECTED: Eligibility271Input = {
  ...BASE,
  subscriber: { lastName: 'SMITH', firstName: 'ROBERTA', memberId: 'MM5005', birthDate: '1970-03-01', gender: 'F', identityChanged: true },
  coverage: { status: 'active', insuranceType: 'PR', planName: 'PPO GOLD' },
  benefits: [{ kind: 'copay', serviceTypes: ['98'], period: 'visit', amountCents: 2500, network: 'in_network' }],
};

const UNAVAILABLE: Eligibility271Input = { ...BASE, subscriber: { lastName: 'DOE', memberId: 'TO6006' }, rejections: [{ level: 'information_source', code: '42', followUp: 'R' }] };
const BAD_NPI: Eligibility271Input = { ...BASE, subscriber: { lastName: 'DOE', memberId: 'X1' }, rejections: [{ level: 'information_receiver', code: '43', followUp: 'C', validRequest: false }] };

const INQUIRY: Eligibility270Input = {
  payer: BASE.payer, provider: BASE.provider, subscriber: { memberId: 'MM5005', lastName: 'Smith', firstName: 'Robert', birthDate: '1970-03-01' },
  dateOfService: '2024-01-02', traceNumber: 'TRACE-0001', traceOriginatorId: '9123456789', createdAt: BASE.createdAt, envelope: { senderId: 'MEDOFFICE', receiverId: 'PAYERSIM' },
};

const read = async (input: Eligibility271Input, inquiry?: Eligibility270Input): Promise<EligibilityResult> => parse271((await build271(input, inMemoryControlNumbers({ interchange: 41 }))).text, inquiry ? { inquiry } : {});

/** The input's cost shares as parse271 reports them: one row per service type. */
const expectedRows = (input: Eligibility271Input) =>
  (input.benefits ?? []).flatMap((b) =>
    (b.serviceTypes ?? ['30']).map((st) => {
      const period = b.period && BENEFIT_PERIODS[b.period];
      return [b.kind, st, b.network ?? 'unspecified', b.coverageLevel, period, period === '29' ? 'remaining' : 'total', b.amountCents ?? `${b.percent}%`];
    }),
  );
const rows = (r: EligibilityResult) => r.costShares.map((c) => [c.kind, c.serviceType?.code, c.network, c.coverageLevel?.code, c.timePeriod?.code, c.basis, c.amountCents ?? `${c.percent}%`]);

describe('271 builder: what parse271 reads back', () => {
  it('active PPO, deductible partly met: status, plan, group, dates, every cost share, trace echoed', async () => {
    const r = await read(PPO);
    expect(r.coverage).toMatchObject({ status: 'active', planName: 'PPO GOLD', insuranceType: { code: 'PR' }, groupNumber: 'GRP-4455', groupName: 'ACME WIDGETS', planBegin: '2024-01-01', eligibilityBegin: '2023-01-15' });
    expect(rows(r)).toEqual(expectedRows(PPO));
    expect(r.costShares.find((c) => c.basis === 'remaining' && c.kind === 'deductible')).toMatchObject({ amount: '400.50', amountCents: 40050 });
    expect(r.traces).toEqual([{ type: 'referenced', number: 'TRACE-0001', originatorId: '9123456789' }, { type: 'current', number: 'SIM-1', originatorId: '9999999999' }]);
    expect(r.authorizations).toMatchObject({ priorAuthorizationRequired: true, referralRequired: false });
    expect(r.messages.map((m) => [m.text, m.serviceTypes])).toEqual([['COINSURANCE APPLIES AFTER DEDUCTIBLE', ['98', 'UC']]]);
    expect(r.subscriber).toMatchObject({ ...DOE, birthDate: '1980-02-29', identityChangedByPayer: false });
    expect([r.rejections, r.warnings, r.corrections, r.referenceId, r.patientIs]).toEqual([[], [], undefined, 'TRACE-0001', 'subscriber']);
  });

  it('HMO for a dependent: referral needed (MSG and AAA AE), primary care provider, plan dates', async () => {
    const r = await read(HMO_DEPENDENT);
    expect(r.patientIs).toBe('dependent');
    expect(r.coverage).toMatchObject({ status: 'active', statusCodes: [{ code: '4' }], planName: 'HMO SILVER', groupNumber: 'HMO-77', planBegin: '2022-01-01', planEnd: '2024-12-31' });
    expect(rows(r)).toEqual(expectedRows(HMO_DEPENDENT));
    expect(r.authorizations.referralRequired).toBe(true);
    expect(r.authorizations.notes.map((n) => [n.kind, n.source])).toEqual([['referral', 'MSG'], ['referral', 'AAA']]);
    expect(r.rejections.map((x) => [x.loop, x.reason.code, x.followUp?.code])).toEqual([['2110D', 'AE', 'C']]);
    expect(r.primaryCareProviders).toMatchObject([{ entity: { code: 'P3' }, name: 'WELBY', firstName: 'MARCUS', idQualifier: 'XX', id: NPI }]);
    expect(r.dependent).toMatchObject({ lastName: 'POE', firstName: 'SAM', birthDate: '2015-07-04', relationship: { code: '19' } });
    expect(r.subscriber).toMatchObject({ memberId: 'HMO2002' });
    expect(r.traces.map((t) => t.number)).toEqual(['TRACE-0001']);
    expect(r.warnings).toEqual([]);
  });

  it('inactive: EB 6 with the plan end date and the payer message', async () => {
    const r = await read(INACTIVE);
    expect(r.coverage).toMatchObject({ status: 'inactive', statusCodes: [{ code: '6' }], planName: 'PPO BRONZE', planBegin: '2020-01-01', planEnd: '2023-12-31' });
    expect(r.messages.map((m) => m.text)).toEqual(['COVERAGE TERMINATED']);
    expect([r.costShares, r.rejections, r.warnings]).toEqual([[], [], []]);
  });

  it('subscriber not found: AAA 75 in 2100C, no benefits, coverage unknown, trace still echoed', async () => {
    const r = await read(NOT_FOUND);
    expect(r.rejections).toMatchObject([{ loop: '2100C', level: 'subscriber', validRequest: true, reason: { code: '75', label: 'Subscriber/insured not found' }, followUp: { code: 'C' } }]);
    expect([r.coverage.status, r.benefits, r.traces.map((t) => t.number)]).toEqual(['unknown', [], ['TRACE-0001']]);
  });

  it('corrected subscriber name: INS 001/25 and, given the inquiry, the differing first name', async () => {
    const r = await read(NAME_CORRECTED, INQUIRY);
    expect(r.corrections).toEqual({
      member: 'subscriber', reportedByPayer: true, differingFields: ['firstName'],
      returned: { memberId: 'MM5005', lastName: 'SMITH', firstName: 'ROBERTA', birthDate: '1970-03-01', gender: 'F' },
    });
    expect(r.coverage.status).toBe('active');
  });

  it('payer unable to respond (AAA 42 at the source) and a rejected provider (AAA 43, invalid request) stop the answer at their level', async () => {
    const down = await read(UNAVAILABLE);
    expect(down.rejections).toMatchObject([{ loop: '2000A', level: 'information_source', reason: { code: '42' }, followUp: { code: 'R' } }]);
    expect([down.subscriber, down.informationReceiver, down.coverage.status]).toEqual([undefined, undefined, 'unknown']);
    const npi = await read(BAD_NPI);
    expect(npi.rejections).toMatchObject([{ loop: '2100B', level: 'information_receiver', validRequest: false, reason: { code: '43' } }]);
    expect(npi.informationReceiver).toMatchObject({ id: NPI });
  });

  it('writes a consistent envelope: GS HB, ST 271 X279A1, counts and control numbers', async () => {
    const built = await build271(PPO, inMemoryControlNumbers({ interchange: 41, group: 7, transaction: 3 }), { lineBreak: '\n' });
    const ic = readInterchange(built.text, { strict: true });
    expect([ic.controlNumber, ic.groups[0]!.functionalId, ic.groups[0]!.controlNumber, ic.groups[0]!.transactions[0]!.controlNumber, ic.groups[0]!.transactions[0]!.implementationRef]).toEqual(['000000041', 'HB', '7', '0003', '005010X279A1']);
    expect(built.text.split('\n')[3]).toBe('BHT*0022*11*TRACE-0001*20240102*0800~');
  });
});

describe('271 builder: values and bad input', () => {
  it.each([
    [150000, '1500'], [40050, '400.50'], [5, '0.05'], [0, '0'], [-1250, '-12.50'],
  ])('cents %i are written %s', (cents, text) => expect(centsToDecimal(cents)).toBe(text));

  it.each([
    [20, '.2'], [12.5, '.125'], [100, '1'], [5, '.05'], [0, '0'], [150, '1.5'], [0.5, '.005'],
  ])('%f percent is written %s', (percent, text) => expect(percentToFraction(percent)).toBe(text));

  it('names each bad field, never its value', () => {
    const bad = { ...PPO, provider: { npi: '12345' }, benefits: [{ kind: 'copay', amountCents: 12.5 }, { kind: 'coinsurance', percent: -3 }], coverage: { status: 'active', planBegin: '2024-02-30' } } as Eligibility271Input;
    const e = (() => {
      try {
        eligibility271Body(bad);
      } catch (x) {
        return x as DomainError;
      }
      throw new Error('expected an error');
    })();
    expect(e).toBeInstanceOf(DomainError);
    expect(e.issues.map((i) => i.path)).toEqual(['provider.npi', 'provider.organizationName', 'benefits.0.amountCents', 'benefits.1.percent', 'coverage.planBegin']);
    expect(JSON.stringify(e.issues)).not.toMatch(/12345|2024-02-30/);
  });

  it('a delimiter inside a value is an X12Error at its element, naming no value', async () => {
    const built = build271({ ...PPO, subscriber: { ...DOE, lastName: 'DOE*SMITH' } }, inMemoryControlNumbers());
    await expect(built).rejects.toThrow(X12Error);
    await expect(built).rejects.toThrow('X12 segment 12 (NM1) element NM103: the value contains a delimiter or a line break');
  });
});
