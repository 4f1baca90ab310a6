import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayerSimulator, parsePlansFile, type GatewayOutcome, type PayerSimulator } from '../../src/integrations/clearinghouse/index.ts';
import { parse271, type EligibilityResult } from '../../src/x12/index.ts';
import { inquiryFor, inquiryInput, NOW, NPI, realtime, testGateway } from './clearinghouse-fixtures.ts';

let sim: PayerSimulator;
const outcomes: string[] = [];

beforeAll(async () => {
  const members = parsePlansFile({ members: [{ memberId: 'gold-77', plan: 'ppo', planName: 'GOLD PPO 500', deductibleCents: 50_000, deductibleRemainingCents: 12_000, groupNumber: 'G-77' }] }).members;
  sim = await createPayerSimulator({ members, timeoutDelayMs: 'never', onRequest: (e) => outcomes.push(e.outcome) });
});
afterAll(() => sim.close());

const answered = (o: GatewayOutcome): string => {
  if (o.kind !== 'response') throw new Error(`expected an answer, got ${o.code}: ${o.reason}`);
  return o.x12;
};

/** Sends a 270 for `memberId` to the simulator and reads the 271 with the inquiry beside it. */
const check = async (memberId: string, over: Parameters<typeof inquiryInput>[1] = {}): Promise<EligibilityResult> => {
  const { gateway } = testGateway();
  const input = inquiryInput(memberId, over);
  const out = await gateway.send270(await inquiryFor(input, realtime(sim.url)));
  expect(out).toMatchObject({ kind: 'response', transport: 'core_soap', sentAt: new Date(NOW), receivedAt: new Date(NOW) });
  return parse271(answered(out), { inquiry: input });
};

/** Cost shares as rows: kind, service type, network, level, basis, cents or percent. */
const rows = (r: EligibilityResult) => r.costShares.map((c) => [c.kind, c.serviceType?.code, c.network, c.coverageLevel?.code, c.basis, c.amountCents ?? `${c.percent}%`]);

describe('gateway against the payer simulator over loopback, one plan each', () => {
  it('PPO: active, deductible partly met, co-insurance and co-pays, our trace echoed', async () => {
    const r = await check('PPO1001');
    expect(r.coverage).toMatchObject({ status: 'active', planName: 'PPO GOLD 1500', insuranceType: { code: 'PR' }, groupNumber: 'GRP-1001', planBegin: '2024-01-01' });
    expect(rows(r)).toEqual([
      ['deductible', '30', 'in_network', 'IND', 'total', 150_000],
      ['deductible', '30', 'in_network', 'IND', 'remaining', 40_000],
      ['deductible', '30', 'in_network', 'FAM', 'total', 300_000],
      ['deductible', '30', 'out_of_network', 'IND', 'total', 300_000],
      ['out_of_pocket', '30', 'in_network', 'IND', 'total', 600_000],
      ['out_of_pocket', '30', 'in_network', 'IND', 'remaining', 476_655],
      ['coinsurance', '30', 'in_network', 'IND', 'total', '20%'],
      ['coinsurance', '30', 'out_of_network', 'IND', 'total', '40%'],
      ['copay', '98', 'in_network', 'IND', 'total', 2_500],
      ['copay', 'UC', 'in_network', 'IND', 'total', 7_500],
      ['copay', '86', 'any', 'IND', 'total', 25_000],
    ]);
    expect(r.traces[0]).toEqual({ type: 'referenced', number: 'T-PPO1001', originatorId: '9123456789' });
    expect(r.informationReceiver).toMatchObject({ name: 'MAPLE FAMILY PRACTICE', id: NPI });
    expect([r.rejections, r.corrections, r.authorizations.referralRequired, r.warnings]).toEqual([[], undefined, false, []]);
  });

  it('HMO: referral required for specialist visits, primary care provider named', async () => {
    const r = await check('HMO2002');
    expect(r.coverage).toMatchObject({ status: 'active', planName: 'HMO SILVER', insuranceType: { code: 'HM' } });
    expect(r.authorizations).toMatchObject({ referralRequired: true, priorAuthorizationRequired: false });
    expect(r.authorizations.notes.map((n) => [n.kind, n.serviceTypes.map((s) => s.code)])).toEqual([['referral', ['3']]]);
    expect(r.primaryCareProviders).toMatchObject([{ name: 'WELBY', firstName: 'MARCUS' }]);
    expect(rows(r).filter((x) => x[0] === 'copay')).toEqual([['copay', '98', 'in_network', 'IND', 'total', 2_000], ['copay', '3', 'in_network', 'IND', 'total', 4_000]]);
  });

  it('HMO for a dependent: the answer is about the dependent, under the subscriber', async () => {
    const r = await check('HMO2003', { dependent: { lastName: 'Doe', firstName: 'Sam', birthDate: '2015-07-04', gender: 'M' } });
    expect([r.patientIs, r.dependent?.firstName, r.subscriber?.memberId, r.coverage.status]).toEqual(['dependent', 'SAM', 'HMO2003', 'active']);
    expect(r.traces[0]?.number).toBe('T-HMO2003');
  });

  it('inactive: coverage ended on December 31 of last year', async () => {
    const r = await check('ina3003');
    expect(r.coverage).toMatchObject({ status: 'inactive', planName: 'PPO BRONZE', planBegin: '2023-01-01', planEnd: '2023-12-31' });
    expect(r.messages.map((m) => m.text)).toEqual(['COVERAGE TERMINATED']);
  });

  it('member not found: AAA 75 for the subscriber; unknown member ids too', async () => {
    for (const id of ['NF4004', 'ZZ9999']) {
      const r = await check(id);
      expect(r.rejections).toMatchObject([{ loop: '2100C', reason: { code: '75' }, followUp: { code: 'C' } }]);
      expect(r.coverage.status).toBe('unknown');
    }
  });

  it('subscriber name mismatch: active, and the payer returns its own first name (INS 001/25)', async () => {
    const r = await check('MM5005');
    expect(r.coverage.status).toBe('active');
    expect(r.corrections).toMatchObject({ member: 'subscriber', reportedByPayer: true, differingFields: ['firstName'], returned: { lastName: 'DOE', firstName: 'J.' } });
  });

  it('invalid name (AAA 73) and payer unable to respond now (AAA 42 at the source)', async () => {
    expect((await check('BN6006')).rejections).toMatchObject([{ level: 'subscriber', validRequest: false, reason: { code: '73' } }]);
    const down = await check('UA7007');
    expect(down.rejections).toMatchObject([{ loop: '2000A', reason: { code: '42' }, followUp: { code: 'R' } }]);
    expect(down.subscriber).toBeUndefined();
  });

  it('a custom member from a plans file: its plan name, group and deductible', async () => {
    const r = await check('GOLD-77');
    expect(r.coverage).toMatchObject({ status: 'active', planName: 'GOLD PPO 500', groupNumber: 'G-77' });
    expect(rows(r).slice(0, 2)).toEqual([['deductible', '30', 'in_network', 'IND', 'total', 50_000], ['deductible', '30', 'in_network', 'IND', 'remaining', 12_000]]);
  });

  it('the time-out plan answers once its delay has passed, when the client waits long enough', async () => {
    const slow = await createPayerSimulator({ timeoutDelayMs: 20 });
    try {
      const { gateway } = testGateway();
      const out = await gateway.send270(await inquiryFor(inquiryInput('TO8008'), realtime(slow.url)));
      expect(parse271(answered(out)).coverage.status).toBe('active');
    } finally {
      await slow.close();
    }
  });
});

describe('a bad 270 is answered with AAA in the 271', () => {
  it('an NPI failing its check digit: AAA 43 (invalid request) for the provider, nothing below', async () => {
    const { gateway } = testGateway();
    const inq = await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url));
    const out = await gateway.send270({ ...inq, x12: inq.x12.replace(`*XX*${NPI}~`, '*XX*1234567890~') });
    const r = parse271(answered(out));
    expect(r.rejections).toMatchObject([{ loop: '2100B', validRequest: false, reason: { code: '43' } }]);
    expect(r.subscriber).toBeUndefined();
  });

  it('a subscriber without member id or name: AAA 72 and 73', async () => {
    const { gateway } = testGateway();
    const inq = await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url));
    const out = await gateway.send270({ ...inq, x12: inq.x12.replace('NM1*IL*1*DOE*JANE****MI*PPO1001~', 'NM1*IL*1~') });
    expect(parse271(answered(out)).rejections.map((x) => [x.loop, x.reason.code])).toEqual([['2100C', '72'], ['2100C', '73']]);
  });

  it('a payload that is no X12 270 at all: the envelope error PayloadIllegal, refused without a retry time', async () => {
    const { gateway } = testGateway();
    const inq = await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url));
    const out = await gateway.send270({ ...inq, x12: 'Jane Doe, born 1980' });
    expect(out).toMatchObject({ kind: 'failed', code: 'rejected', reason: 'the clearinghouse refused the CORE envelope (ErrorCode PayloadIllegal)', retryAfter: null });
  });
});

describe('what the simulator saw', () => {
  it('counted one outcome per request (no patient data in its events)', () => {
    expect(outcomes).toContain('ppo');
    expect(outcomes).toContain('rejected_270');
    expect(outcomes).toContain('envelope_error');
    expect(outcomes.join(' ')).not.toMatch(/DOE|JANE|PPO1001/i);
    expect(sim.requests()).toBe(outcomes.length);
  });
});
