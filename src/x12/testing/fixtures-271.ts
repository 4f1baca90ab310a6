/**
 * 271 responses written for tests, shaped on the 005010X279A1 examples, covering what the shared
 * samples lack: deductibles and out-of-pocket totals and remainders, family levels, co-insurance,
 * messages, limitations, prior authorisation, other payers, corrected subscriber data and AAA
 * rejections at several levels. People, plans and ids are made up.
 */

const ISA = 'ISA*00*          *00*          *ZZ*PAYERSIM       *ZZ*MEDOFFICE      *240102*0800*^*00501*000000031*0*P*:~';

/** Wraps 271 body segments (BHT onward, without terminators) in a consistent envelope, one per line. */
export const interchange271 = (body: string[]): string =>
  [ISA, 'GS*HB*PAYERSIM*MEDOFFICE*20240102*0800*31*X*005010X279A1~', 'ST*271*0001*005010X279A1~', ...body.map((s) => `${s}~`), `SE*${body.length + 2}*0001~`, 'GE*1*31~', 'IEA*1*000000031~'].join('\n');

const SOURCE_AND_RECEIVER = [
  'BHT*0022*11*TRACE-0001*20240102*0800',
  'HL*1**20*1',
  'NM1*PR*2*SUNRISE HEALTH PLAN*****PI*SUN01',
  'PER*IC*PROVIDER SERVICES*TE*8005551212*UR*WWW.SUNRISE.EXAMPLE',
  'HL*2*1*21*1',
  'NM1*1P*2*MAPLE FAMILY PRACTICE*****XX*1234567893',
];

/** Active PPO, deductible partly met, everything a rich answer carries; the payer corrected the name. */
export const PPO_DEDUCTIBLE_271 = interchange271([
  ...SOURCE_AND_RECEIVER,
  'HL*3*2*22*0',
  'TRN*2*TRACE-0001*9123456789',
  'TRN*1*PAYER-77*9999999999',
  'NM1*IL*1*DOE*JANE*Q***MI*W123456789',
  'REF*6P*GRP-4455*ACME WIDGETS',
  'REF*18*PPO-GOLD-7*PPO GOLD PLAN',
  'N3*12 ELM STREET',
  'N4*SPRINGFIELD*IL*62701',
  'DMG*D8*19800229*F',
  'INS*Y*18*001*25',
  'DTP*291*RD8*20240101-20241231',
  'DTP*356*D8*20230115',
  'EB*1*FAM*30*PR*PPO GOLD',
  'EB*C*IND*30*PR**23*1500.00*****Y',
  'EB*C*IND*30*PR**29*400.00*****Y',
  'EB*C*FAM*30*PR**23*3000*****Y',
  'EB*C*FAM*30*PR**29*2250.5*****Y',
  'EB*C*IND*30*PR**23*3000.00*****N',
  'EB*G*IND*30*PR**23*6000.00*****Y',
  'EB*G*IND*30*PR**24*1234.56*****Y',
  'EB*A*IND*98^UC*PR**27**.2****Y',
  'MSG*COINSURANCE APPLIES AFTER DEDUCTIBLE',
  'EB*A*IND*98*PR**27**0.40****N',
  'EB*B*IND*98*PR**27*25.00*****Y*HC:99214:25',
  'III*ZZ*11',
  'MSG*REFERRAL REQUIRED FOR SPECIALIST VISITS',
  'EB*B*IND*UC*PR**27*75*****W',
  'MSG*NO PRIOR AUTHORIZATION REQUIRED',
  'EB*C*IND*62*PR**23*0****Y*Y',
  'EB*F*IND*PT*PR**23***VS*20**Y',
  'HSD*VS*20***23',
  'MSG*PHYSICAL THERAPY LIMITED TO 20 VISITS PER CALENDAR YEAR',
  'EB*R**30*MB*MEDICARE PART B',
  'REF*IG*1EG4TE5MK73',
  'DTP*290*D8*20230101',
  'MSG*MEDICARE IS PRIMARY FOR THIS MEMBER',
  'LS*2120',
  'NM1*PRP*2*MEDICARE PART B*****PI*MCRB',
  'PER*IC**TE*8006334227',
  'LE*2120',
  'EB*L',
  'LS*2120',
  'NM1*P3*1*WELBY*MARCUS****XX*1234567893',
  'PRV*PC*PXC*207Q00000X',
  'LE*2120',
]);

/** Coverage ended: EB01 6 with the plan end date. */
export const INACTIVE_271 = interchange271([
  ...SOURCE_AND_RECEIVER,
  'HL*3*2*22*0',
  'TRN*2*TRACE-0002*9123456789',
  'NM1*IL*1*ROE*RICHARD****MI*R987654321',
  'DMG*D8*19511130*M',
  'DTP*346*D8*20200101',
  'DTP*347*D8*20231231',
  'EB*6**30',
  'MSG*COVERAGE TERMINATED',
]);

/** HMO answering for a dependent: referral needed (AAA AE in 2110D) and a primary care provider. */
export const HMO_DEPENDENT_271 = interchange271([
  ...SOURCE_AND_RECEIVER,
  'HL*3*2*22*1',
  'NM1*IL*1*POE*PAT****MI*H555000111',
  'HL*4*3*23*0',
  'TRN*2*TRACE-0003*9123456789',
  'NM1*03*1*POE*SAM',
  'DMG*D8*20150704*M',
  'INS*N*19',
  'DTP*346*D8*20220101',
  'EB*4**30*HM*HMO SILVER',
  'EB*1**BQ*HM',
  'EB*B*IND*BQ*HM**27*40.00*****Y',
  'AAA*Y**AE*C',
]);

/** Subscriber not found: AAA 75 in loop 2100C, no benefits. */
export const NOT_FOUND_271 = interchange271([
  ...SOURCE_AND_RECEIVER,
  'HL*3*2*22*0',
  'TRN*2*TRACE-0004*9123456789',
  'NM1*IL*1*DOE*JOHN****MI*X1',
  'AAA*Y**75*C',
]);

/** Payer system down: AAA 42 in loop 2000A, nothing below the information source. */
export const PAYER_UNAVAILABLE_271 = interchange271(['BHT*0022*11*TRACE-0005*20240102*0800', 'HL*1**20*0', 'AAA*Y**42*R', 'NM1*PR*2*SUNRISE HEALTH PLAN*****PI*SUN01']);

/** A batch answer about two subscribers. */
export const TWO_PATIENTS_271 = interchange271([
  ...SOURCE_AND_RECEIVER,
  'HL*3*2*22*0',
  'NM1*IL*1*ONE*ANN****MI*A1',
  'EB*1**30',
  'HL*4*2*22*0',
  'NM1*IL*1*TWO*BEN****MI*B2',
  'EB*6**30',
]);

/** Every fixture by name (for tests that run over all of them). */
export const FIXTURES_271: Record<string, string> = {
  PPO_DEDUCTIBLE_271,
  INACTIVE_271,
  HMO_DEPENDENT_271,
  NOT_FOUND_271,
  PAYER_UNAVAILABLE_271,
  TWO_PATIENTS_271,
};
