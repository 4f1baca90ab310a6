import { describe, expect, it } from 'vitest';
import type { Eligibility270Input } from './eligibility-270.ts';
import type { CostShare, EligibilityResult } from './eligibility-271-types.ts';
import { parse271, parse271All } from './eligibility-271.ts';
import { X12Error } from './errors.ts';
import { HMO_DEPENDENT_271, INACTIVE_271, interchange271, NOT_FOUND_271, PAYER_UNAVAILABLE_271, PPO_DEDUCTIBLE_271, TWO_PATIENTS_271 } from './testing/fixtures-271.ts';
import { listSamples, readSample } from './testing/samples.ts';

/** Cost shares as rows: kind, service type, network, level, period, basis, amount in cents or percent. */
const rows = (r: EligibilityResult) => r.costShares.map((c: CostShare) => [c.kind, c.serviceType?.code, c.network, c.coverageLevel?.code, c.timePeriod?.code, c.basis, c.amountCents ?? `${c.percent}%`]);

const GOLD_SERVICE_TYPES = ['1', '33', '35', '47', '86', '88', '98', 'AL', 'MH', 'UC'];
const GOLD_COPAYS = [
  ...GOLD_SERVICE_TYPES.map((st) => ['copay', st, 'in_network', undefined, '27', 'total', 1000]),
  ...GOLD_SERVICE_TYPES.map((st) => ['copay', st, 'out_of_network', undefined, '27', 'total', 3000]),
];
const GOLD_COVERAGE = {
  status: 'active',
  statusCodes: [{ code: '1', label: 'Active coverage' }],
  planName: 'GOLD 123 PLAN',
  insuranceType: { code: 'HM', label: 'Health maintenance organization (HMO)' },
  planBegin: '2006-01-01',
  dates: [{ code: '346', label: 'Plan begin', from: '2006-01-01' }],
};
const KANSAS_CITY = { line1: '15197 BROADWAY AVENUE', line2: 'APT 215', city: 'KANSAS CITY', state: 'MO', postalCode: '64108' };
const JONES = { entity: { code: 'P3', label: 'Primary care provider' }, kind: 'person', name: 'JONES', firstName: 'MARCUS', idQualifier: 'SV', id: '0202034', contacts: [] };
const receiverOf = (name: string) => ({ entity: { code: '1P', label: 'Provider' }, kind: 'organization', name, idQualifier: 'SV', id: '2000035', contacts: [] });
const payerOf = (id: string) => ({ entity: { code: 'PR', label: 'Payer' }, kind: 'organization', name: 'ABC COMPANY', idQualifier: 'PI', id, contacts: [] });
const ENVELOPE = { interchangeControlNumber: '000000907', groupControlNumber: '1', transactionControlNumber: '4321', implementationRef: '005010X279A1', test: true, referenceId: '10001234', createdDate: '2006-05-01', createdTime: '13:19' };
const NOTHING_MORE = { limitations: [], authorizations: { priorAuthorizationRequired: false, referralRequired: false, notes: [] }, messages: [], otherPayers: [] };

const subscriberAnswer = (r: EligibilityResult): void => {
  expect(r).toMatchObject({ ...ENVELOPE, ...NOTHING_MORE, rejections: [], warnings: [], patientIs: 'subscriber' });
  expect(r.traces).toEqual([{ type: 'referenced', number: '93175-012547', originatorId: '9877281234' }]);
  expect(r.payer).toEqual(payerOf('841610001'));
  expect(r.informationReceiver).toEqual(receiverOf('BONE AND JOIN CLINIC'));
  expect(r.subscriber).toEqual({
    lastName: 'SMITH', firstName: 'JOHN', memberId: '123456789', idQualifier: 'MI', birthDate: '1963-05-19', gender: 'M', address: KANSAS_CITY,
    identityChangedByPayer: false, references: [], dates: [{ code: '346', label: 'Plan begin', from: '2006-01-01' }],
  });
  expect([r.dependent, r.corrections]).toEqual([undefined, undefined]);
  expect(r.coverage).toEqual(GOLD_COVERAGE);
  expect(r.benefits.map((b) => [b.position, b.code.code, b.serviceTypes.map((s) => s.code), b.network, b.planDescription, b.amountCents])).toEqual([
    [16, '1', ['30'], 'unspecified', 'GOLD 123 PLAN', undefined],
    [17, 'L', [], 'unspecified', undefined, undefined],
    [21, '1', GOLD_SERVICE_TYPES, 'unspecified', undefined, undefined],
    [22, 'B', GOLD_SERVICE_TYPES, 'in_network', 'GOLD 123 PLAN', 1000],
    [23, 'B', GOLD_SERVICE_TYPES, 'out_of_network', 'GOLD 123 PLAN', 3000],
  ]);
  expect(rows(r)).toEqual(GOLD_COPAYS);
  expect(r.costShares[0]).toEqual({
    position: 22, kind: 'copay', serviceType: { code: '1', label: 'Medical care' }, network: 'in_network', timePeriod: { code: '27', label: 'Visit' }, basis: 'total',
    amount: '10.00', amountCents: 1000, insuranceType: { code: 'HM', label: 'Health maintenance organization (HMO)' }, planDescription: 'GOLD 123 PLAN', messages: [],
  });
  expect(r.primaryCareProviders).toEqual([JONES]);
};

/** The pinned reading of every shared 271 sample; a new sample fails the first test until pinned here. */
const GOLDEN: Record<string, (r: EligibilityResult[]) => void> = {
  '271_005010X279A1/subscriber-health-benefit-check.271': ([r]) => subscriberAnswer(r!),
  'demo/demo.271': ([r]) => subscriberAnswer(r!),
  '271_005010X279A1/dependent-health-benefit-check.271': ([r]) => {
    expect(r).toMatchObject({ ...ENVELOPE, ...NOTHING_MORE, rejections: [], warnings: [], patientIs: 'dependent' });
    expect(r!.traces).toEqual([{ type: 'referenced', number: '93175-012547', originatorId: '9877281234' }]);
    expect(r!.payer).toEqual(payerOf('841610001'));
    expect(r!.informationReceiver).toEqual(receiverOf('BONE AND JOIN CLINIC'));
    expect(r!.subscriber).toEqual({ lastName: 'SMITH', firstName: 'JOHN', memberId: '123456789', idQualifier: 'MI', birthDate: '1963-05-19', gender: 'M', address: KANSAS_CITY, identityChangedByPayer: false, references: [], dates: [] });
    expect(r!.dependent).toEqual({
      lastName: 'SMITH', firstName: 'MARY', birthDate: '1998-10-14', gender: 'F', relationship: { code: '19', label: 'Child' }, address: KANSAS_CITY,
      identityChangedByPayer: false, references: [], dates: [{ code: '346', label: 'Plan begin', from: '2006-01-01' }],
    });
    expect(r!.corrections).toBeUndefined();
    expect(r!.coverage).toEqual(GOLD_COVERAGE);
    expect(r!.benefits.map((b) => [b.position, b.code.code, b.network, b.amount])).toEqual([
      [22, '1', 'unspecified', undefined],
      [23, 'L', 'unspecified', undefined],
      [27, '1', 'unspecified', undefined],
      [28, 'B', 'in_network', '10.00'],
      [29, 'B', 'out_of_network', '30.00'],
    ]);
    expect(rows(r!)).toEqual(GOLD_COPAYS);
    expect(r!.primaryCareProviders).toEqual([JONES]);
  },
  '271_005010X279A1/subscriber-health-benefit-check-error.271': ([r]) => {
    expect(r).toMatchObject({ ...ENVELOPE, ...NOTHING_MORE, traces: [], benefits: [], costShares: [], primaryCareProviders: [] });
    expect([r!.patientIs, r!.subscriber, r!.dependent]).toEqual([undefined, undefined, undefined]);
    expect(r!.payer).toEqual(payerOf('842610001'));
    expect(r!.informationReceiver).toEqual(receiverOf('BONE AND JOIN CLINIC'));
    expect(r!.coverage).toEqual({ status: 'unknown', statusCodes: [], dates: [] });
    expect(r!.rejections).toEqual([
      {
        position: 9, loop: '2100B', level: 'information_receiver', validRequest: true,
        reason: { code: '50', label: 'Provider ineligible for inquiries', nextStep: 'The provider may not query this payer electronically: verify by phone or portal.' },
        followUp: { code: 'N', label: 'Resubmission not allowed' },
      },
    ]);
    // The sample's SE02 (4323) does not repeat ST02 (4321): reported, the answer still read.
    expect(r!.warnings).toEqual([
      { code: 'control_number_mismatch', position: 10, segmentId: 'SE', elementIndex: 2, reason: 'SE02 must repeat the control number of its header', message: 'X12 segment 10 (SE) element SE02: SE02 must repeat the control number of its header' },
    ]);
  },
};

describe('271 samples (golden)', () => {
  it('pins every 271 under the shared sample folder, demo included', () => {
    expect(listSamples('271')).toEqual(Object.keys(GOLDEN).sort());
  });

  it.each(Object.keys(GOLDEN))('%s', (file) => {
    const all = parse271All(readSample(file));
    expect(all).toHaveLength(1);
    GOLDEN[file]!(all);
    expect(parse271(readSample(file))).toEqual(all[0]);
  });
});

describe('271 answers beyond the samples', () => {
  it('PPO: deductible and out-of-pocket totals, remainders and amounts met, per level and network', () => {
    const r = parse271(PPO_DEDUCTIBLE_271);
    expect(rows(r)).toEqual([
      ['deductible', '30', 'in_network', 'IND', '23', 'total', 150000],
      ['deductible', '30', 'in_network', 'IND', '29', 'remaining', 40000],
      ['deductible', '30', 'in_network', 'FAM', '23', 'total', 300000],
      ['deductible', '30', 'in_network', 'FAM', '29', 'remaining', 225050],
      ['deductible', '30', 'out_of_network', 'IND', '23', 'total', 300000],
      ['out_of_pocket', '30', 'in_network', 'IND', '23', 'total', 600000],
      ['out_of_pocket', '30', 'in_network', 'IND', '24', 'met', 123456],
      ['coinsurance', '98', 'in_network', 'IND', '27', 'total', '20%'],
      ['coinsurance', 'UC', 'in_network', 'IND', '27', 'total', '20%'],
      ['coinsurance', '98', 'out_of_network', 'IND', '27', 'total', '40%'],
      ['copay', '98', 'in_network', 'IND', '27', 'total', 2500],
      ['copay', 'UC', 'any', 'IND', '27', 'total', 7500],
      ['deductible', '62', 'in_network', 'IND', '23', 'total', 0],
    ]);
    expect(r.costShares.map((c) => c.amount ?? c.percent)).toEqual(['1500.00', '400.00', '3000', '2250.5', '3000.00', '6000.00', '1234.56', '20', '20', '40', '25.00', '75', '0']);
    expect(r.costShares[3]!.coverageLevel).toEqual({ code: 'FAM', label: 'Family' });
    expect(r.costShares[1]!.timePeriod).toEqual({ code: '29', label: 'Remaining' });
    expect(r.costShares[7]!.messages).toEqual(['COINSURANCE APPLIES AFTER DEDUCTIBLE']);
    expect(r.costShares[12]!.authorization).toBe('required');
  });

  it('PPO: coverage, plan, group and dates; procedure, place of service and limitation details', () => {
    const r = parse271(PPO_DEDUCTIBLE_271);
    expect(r.coverage).toEqual({
      status: 'active', statusCodes: [{ code: '1', label: 'Active coverage' }], planName: 'PPO GOLD', insuranceType: { code: 'PR', label: 'Preferred provider organization (PPO)' },
      planNumber: 'PPO-GOLD-7', groupNumber: 'GRP-4455', groupName: 'ACME WIDGETS', planBegin: '2024-01-01', planEnd: '2024-12-31', eligibilityBegin: '2023-01-15',
      dates: [{ code: '291', label: 'Plan', from: '2024-01-01', to: '2024-12-31' }, { code: '356', label: 'Eligibility begin', from: '2023-01-15' }],
    });
    expect([r.test, r.referenceId, r.traces.map((t) => [t.type, t.number])]).toEqual([false, 'TRACE-0001', [['referenced', 'TRACE-0001'], ['current', 'PAYER-77']]]);
    expect(r.payer?.contacts).toEqual([{ name: 'PROVIDER SERVICES', channels: [{ kind: 'TE', value: '8005551212' }, { kind: 'UR', value: 'WWW.SUNRISE.EXAMPLE' }] }]);
    const officeCopay = r.benefits.find((b) => b.code.code === 'B' && b.serviceTypes[0]?.code === '98')!;
    expect([officeCopay.procedure, officeCopay.placesOfService]).toEqual([{ qualifier: 'HC', code: '99214', modifiers: ['25'] }, ['11']]);
    expect(r.limitations).toHaveLength(1);
    expect(r.limitations[0]).toMatchObject({
      code: { code: 'F', label: 'Limitations' }, serviceTypes: [{ code: 'PT', label: 'Physical therapy' }], quantity: { qualifier: { code: 'VS', label: 'Visits' }, value: '20' },
      deliveryLimits: [{ quantityQualifier: { code: 'VS', label: 'Visits' }, quantity: '20', timePeriod: { code: '23', label: 'Calendar year' } }],
      messages: ['PHYSICAL THERAPY LIMITED TO 20 VISITS PER CALENDAR YEAR'],
    });
  });

  it('PPO: prior authorisation (EB11) and referral (MSG) flags; a "no prior authorization" message does not count', () => {
    const r = parse271(PPO_DEDUCTIBLE_271);
    expect(r.authorizations.priorAuthorizationRequired).toBe(true);
    expect(r.authorizations.referralRequired).toBe(true);
    expect(r.authorizations.notes.map((n) => [n.kind, n.source, n.serviceTypes.map((s) => s.code), n.network, n.position])).toEqual([
      ['referral', 'MSG', ['98'], 'in_network', 33],
      ['prior_authorization', 'EB11', ['62'], 'in_network', 38],
    ]);
    expect(r.messages.map((m) => [m.text, m.benefitCode, m.serviceTypes])).toEqual([
      ['COINSURANCE APPLIES AFTER DEDUCTIBLE', 'A', ['98', 'UC']],
      ['REFERRAL REQUIRED FOR SPECIALIST VISITS', 'B', ['98']],
      ['NO PRIOR AUTHORIZATION REQUIRED', 'B', ['UC']],
      ['PHYSICAL THERAPY LIMITED TO 20 VISITS PER CALENDAR YEAR', 'F', ['PT']],
      ['MEDICARE IS PRIMARY FOR THIS MEMBER', 'R', ['30']],
    ]);
  });

  it('PPO: the other payer (EB R with loop 2120) and the primary care provider', () => {
    const r = parse271(PPO_DEDUCTIBLE_271);
    expect(r.otherPayers).toEqual([
      {
        position: 42, serviceTypes: [{ code: '30', label: 'Health benefit plan coverage (general)' }], insuranceType: { code: 'MB', label: 'Medicare Part B' }, planDescription: 'MEDICARE PART B',
        payers: [{ entity: { code: 'PRP', label: 'Primary payer' }, kind: 'organization', name: 'MEDICARE PART B', idQualifier: 'PI', id: 'MCRB', contacts: [{ channels: [{ kind: 'TE', value: '8006334227' }] }] }],
        references: [{ code: 'IG', label: 'Insurance policy number', value: '1EG4TE5MK73' }],
        dates: [{ code: '290', label: 'Coordination of benefits', from: '2023-01-01' }],
        messages: ['MEDICARE IS PRIMARY FOR THIS MEMBER'],
      },
    ]);
    expect(r.primaryCareProviders).toEqual([{ entity: { code: 'P3', label: 'Primary care provider' }, kind: 'person', name: 'WELBY', firstName: 'MARCUS', idQualifier: 'XX', id: '1234567893', contacts: [], taxonomy: '207Q00000X' }]);
  });

  it('PPO: the payer corrected the subscriber (INS03 001, INS04 25); against the inquiry, the differing fields are named', () => {
    const returned = { memberId: 'W123456789', lastName: 'DOE', firstName: 'JANE', middleName: 'Q', birthDate: '1980-02-29', gender: 'F', address: { line1: '12 ELM STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' } };
    expect(parse271(PPO_DEDUCTIBLE_271).corrections).toEqual({ member: 'subscriber', reportedByPayer: true, differingFields: [], returned });
    const inquiry = { subscriber: { memberId: 'w123456789', lastName: 'Doe-Smith', firstName: 'jane', birthDate: '1980-03-01', gender: 'F' } } as Eligibility270Input;
    expect(parse271(PPO_DEDUCTIBLE_271, { inquiry }).corrections).toEqual({ member: 'subscriber', reportedByPayer: true, differingFields: ['lastName', 'birthDate'], returned });
    expect(parse271(PPO_DEDUCTIBLE_271).subscriber?.relationship).toEqual({ code: '18', label: 'Self' });
  });

  it('inactive coverage with its end date', () => {
    const r = parse271(INACTIVE_271);
    expect(r.coverage).toEqual({
      status: 'inactive', statusCodes: [{ code: '6', label: 'Inactive' }], planBegin: '2020-01-01', planEnd: '2023-12-31',
      dates: [{ code: '346', label: 'Plan begin', from: '2020-01-01' }, { code: '347', label: 'Plan end', from: '2023-12-31' }],
    });
    expect(r.messages.map((m) => m.text)).toEqual(['COVERAGE TERMINATED']);
    expect([r.costShares, r.rejections, r.corrections]).toEqual([[], [], undefined]);
  });

  it('HMO dependent: capitated coverage, an AAA in loop 2110D asking for a referral, and a difference in the dependent\'s name', () => {
    const inquiry = { subscriber: { memberId: 'H555000111', lastName: 'Poe', firstName: 'Pat' }, dependent: { lastName: 'Poe', firstName: 'Samuel', birthDate: '2015-07-04' } } as Eligibility270Input;
    const r = parse271(HMO_DEPENDENT_271, { inquiry });
    expect(r.patientIs).toBe('dependent');
    expect(r.coverage).toMatchObject({ status: 'active', statusCodes: [{ code: '4', label: 'Active, services capitated to primary care physician' }, { code: '1', label: 'Active coverage' }], planName: 'HMO SILVER', planBegin: '2022-01-01' });
    expect(rows(r)).toEqual([['copay', 'BQ', 'in_network', 'IND', '27', 'total', 4000]]);
    expect(r.rejections).toEqual([
      {
        position: 21, loop: '2110D', level: 'dependent', validRequest: true,
        reason: { code: 'AE', label: 'Requires primary care physician authorization', nextStep: 'Obtain a referral from the patient\'s primary care physician.' },
        followUp: { code: 'C', label: 'Please correct and resubmit' },
      },
    ]);
    expect(r.authorizations).toEqual({ priorAuthorizationRequired: false, referralRequired: true, notes: [{ kind: 'referral', source: 'AAA', serviceTypes: [], network: 'unspecified', position: 21 }] });
    expect(r.subscriber).toMatchObject({ lastName: 'POE', firstName: 'PAT', memberId: 'H555000111' });
    expect(r.dependent).toMatchObject({ lastName: 'POE', firstName: 'SAM', birthDate: '2015-07-04', gender: 'M', relationship: { code: '19', label: 'Child' }, identityChangedByPayer: false });
    expect(r.corrections).toEqual({ member: 'dependent', reportedByPayer: false, differingFields: ['firstName'], returned: { lastName: 'POE', firstName: 'SAM', birthDate: '2015-07-04', gender: 'M' } });
  });

  it('subscriber not found: AAA 75 in loop 2100C with its meaning, next step and follow-up', () => {
    const r = parse271(NOT_FOUND_271);
    expect([r.patientIs, r.coverage.status, r.subscriber?.memberId, r.benefits]).toEqual(['subscriber', 'unknown', 'X1', []]);
    expect(r.rejections).toEqual([
      {
        position: 13, loop: '2100C', level: 'subscriber', validRequest: true,
        reason: { code: '75', label: 'Subscriber/insured not found', nextStep: 'Check the member ID, name and date of birth against the insurance card, or ask the patient for current insurance.' },
        followUp: { code: 'C', label: 'Please correct and resubmit' },
      },
    ]);
  });

  it('payer unavailable: AAA 42 in loop 2000A, no receiver or patient', () => {
    const r = parse271(PAYER_UNAVAILABLE_271);
    expect([r.patientIs, r.informationReceiver, r.payer?.id, r.coverage.status]).toEqual([undefined, undefined, 'SUN01', 'unknown']);
    expect(r.rejections.map((x) => [x.loop, x.level, x.reason.code, x.reason.label, x.followUp?.code, x.followUp?.label])).toEqual([
      ['2000A', 'information_source', '42', 'Unable to respond at current time', 'R', 'Resubmission allowed'],
    ]);
  });

  it('a batch answer gives one result per patient; parse271 insists on one', () => {
    const all = parse271All(TWO_PATIENTS_271);
    expect(all.map((r) => [r.subscriber?.memberId, r.coverage.status])).toEqual([['A1', 'active'], ['B2', 'inactive']]);
    expect(() => parse271(TWO_PATIENTS_271)).toThrow('X12 segment 13 (HL): the interchange answers about 2 patients; read it with parse271All');
  });

  it('reports segments it does not read as warnings with their position, without their content', () => {
    const r = parse271(NOT_FOUND_271.replace('AAA*Y**75*C~', 'AAA*Y**75*C~\nPWK*SECRET NOTE~').replace('SE*12*0001', 'SE*13*0001'));
    expect(r.warnings).toEqual([{ code: 'unexpected_segment', position: 14, segmentId: 'PWK', reason: 'PWK is not read in loop 2100C', message: 'X12 segment 14 (PWK): PWK is not read in loop 2100C' }]);
  });
});

describe('malformed 271s', () => {
  const err = (text: string): X12Error => {
    try {
      parse271All(text);
    } catch (e) {
      if (e instanceof X12Error) return e;
      throw e;
    }
    throw new Error('expected an X12Error');
  };
  const sub = readSample('271_005010X279A1/subscriber-health-benefit-check.271');

  it.each([
    ['an unknown network flag', sub.replace('27*10.00*****Y~', '27*10.00*****Q~'), 'bad_value', 22, 'EB', 12],
    ['an impossible date', sub.replace('DTP*346*D8*20060101', 'DTP*346*D8*20061301'), 'bad_value', 15, 'DTP', 3],
    ['an amount with a thousands separator', sub.replace('*10.00*', '*1,000.00*'), 'bad_value', 22, 'EB', 7],
    ['an EB without EB01', sub.replace('EB*L~', 'EB~'), 'missing_element', 17, 'EB', 1],
    ['an LS without LE', sub.replace('LE*2120~\n', ''), 'unexpected_segment', 18, 'LS', undefined],
    ['a dependent level under the receiver', sub.replace('HL*3*2*22*0', 'HL*3*2*23*0'), 'bad_value', 9, 'HL', 2],
    ['an unknown HL level', sub.replace('HL*3*2*22*0', 'HL*3*2*99*0'), 'bad_value', 9, 'HL', 3],
    ['a missing BHT', sub.replace('BHT*0022*11*10001234*20060501*1319~\n', '').replace('SE*22', 'SE*21'), 'unexpected_segment', 4, 'HL', undefined],
    ['an AAA01 that is neither Y nor N', readSample('271_005010X279A1/subscriber-health-benefit-check-error.271').replace('AAA*Y', 'AAA*Q'), 'bad_value', 9, 'AAA', 1],
    ['a 270 instead of a 271', readSample('demo/demo.270'), 'wrong_transaction', 3, 'ST', 1],
  ])('%s gives an X12Error naming the place', (_name, text, code, position, segmentId, elementIndex) => {
    const e = err(text);
    expect([e.x12Code, e.position, e.segmentId, e.elementIndex]).toEqual([code, position, segmentId, elementIndex]);
    expect(e.code).toBe('invalid');
  });

  it('never echoes element values in the message', () => {
    const e = err(sub.replace('DMG*D8*19630519*M', 'DMG*D8*SMITHJOHN*M'));
    expect(e.message).toBe('X12 segment 14 (DMG) element DMG02: must be a calendar date CCYYMMDD');
  });

  it('reads a 271 with other delimiters and no line breaks', () => {
    const body = ['BHT*0022*11*T1*20240102*0800', 'HL*1**20*1', 'NM1*PR*2*PAYER*****PI*P1', 'HL*2*1*21*1', 'NM1*1P*2*CLINIC*****XX*1234567893', 'HL*3*2*22*0', 'NM1*IL*1*DOE*JO****MI*M1', 'EB*B*IND*98^UC*PR**27*20*****Y'];
    const odd = interchange271(body).replaceAll('*', '|').replaceAll('^', '!').replaceAll(':~', '>~').replaceAll('~\n', '\u0085');
    const r = parse271(odd.replace(/~$/, '\u0085'));
    expect(rows(r)).toEqual([['copay', '98', 'in_network', 'IND', '27', 'total', 2000], ['copay', 'UC', 'in_network', 'IND', '27', 'total', 2000]]);
  });
});
