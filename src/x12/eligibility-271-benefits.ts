import { BENEFIT_CODES, coded, type Coded, COVERAGE_LEVELS, INSURANCE_TYPES, MEASUREMENT_UNITS, QUANTITY_QUALIFIERS, TIME_PERIODS } from './eligibility-codes.ts';
import { defined, readDate, readParty, readReference, skipped, type ReadContext } from './eligibility-271-parts.ts';
import type { Benefit, DeliveryLimit, Network } from './eligibility-271-types.ts';
import { splitBracket, splitLoops } from './loops.ts';
import { badValue, components, decimalEl, decimalToCents, el, fractionToPercent, opt, repeats, requireEl } from './segment.ts';
import { serviceTypeLabel } from './service-types.ts';
import type { Segment } from './tokenizer.ts';

const NETWORK: Record<string, Network> = { Y: 'in_network', N: 'out_of_network', W: 'any', U: 'unknown' };
const AUTHORIZATION: Record<string, Benefit['authorization']> = { Y: 'required', N: 'not_required', U: 'unknown' };

/** Reads a value from a fixed code set or throws at the element. */
const fromSet = <T>(s: Segment, i: number, set: Record<string, T>, rule: string): T | undefined => {
  const v = el(s, i);
  if (v === '') return undefined;
  if (!Object.hasOwn(set, v)) throw badValue(s, i, rule);
  return set[v];
};

/** An optional coded element with its label. */
const codedAt = (s: Segment, i: number, list: Readonly<Record<string, string>>): Coded | undefined => {
  const v = opt(s, i);
  return v ? coded(list, v) : undefined;
};

/** HSD01-08: quantity, unit, period and delivery pattern of a benefit. */
const readDeliveryLimit = (s: Segment): DeliveryLimit => {
  return defined<DeliveryLimit>({
    quantityQualifier: codedAt(s, 1, QUANTITY_QUALIFIERS),
    quantity: el(s, 2) === '' ? undefined : decimalEl(s, 2),
    unit: codedAt(s, 3, MEASUREMENT_UNITS),
    timePeriod: codedAt(s, 5, TIME_PERIODS),
    periodCount: el(s, 6) === '' ? undefined : decimalEl(s, 6),
    frequency: opt(s, 7),
    pattern: opt(s, 8),
  });
};

/** EB01-EB13 of one EB segment. */
const readEb = (ctx: ReadContext, eb: Segment): Benefit => {
  const code = coded(BENEFIT_CODES, requireEl(eb, 1, 'EB01 benefit code'));
  const amount = el(eb, 7) === '' ? undefined : decimalEl(eb, 7);
  const quantityQualifier = opt(eb, 9);
  let procedure: Benefit['procedure'];
  if (el(eb, 13) !== '') {
    const [qualifier = '', procedureCode = '', ...rest] = components(el(eb, 13), ctx.d);
    if (procedureCode === '') throw badValue(eb, 13, 'EB13 needs a qualifier and a procedure code');
    procedure = { qualifier, code: procedureCode, modifiers: rest.slice(0, 4).filter(Boolean) };
  }
  return defined<Benefit>({
    position: eb.position,
    code,
    coverageLevel: codedAt(eb, 2, COVERAGE_LEVELS),
    serviceTypes: repeats(el(eb, 3), ctx.d).map((c) => ({ code: c, label: serviceTypeLabel(c) })),
    insuranceType: codedAt(eb, 4, INSURANCE_TYPES),
    planDescription: opt(eb, 5),
    timePeriod: codedAt(eb, 6, TIME_PERIODS),
    amount,
    amountCents: amount === undefined ? undefined : decimalToCents(amount),
    percent: el(eb, 8) === '' ? undefined : fractionToPercent(decimalEl(eb, 8)),
    quantity: el(eb, 10) === '' ? undefined : defined({ qualifier: quantityQualifier ? coded(QUANTITY_QUALIFIERS, quantityQualifier) : undefined, value: decimalEl(eb, 10) }),
    authorization: fromSet(eb, 11, AUTHORIZATION, 'EB11 must be Y, N or U'),
    network: fromSet(eb, 12, NETWORK, 'EB12 must be Y, N, U or W') ?? 'unspecified',
    procedure,
    deliveryLimits: [],
    references: [],
    dates: [],
    messages: [],
    placesOfService: [],
    relatedEntities: [],
  });
};

/**
 * One 2110C/D loop: the EB segment, then HSD, REF, DTP, AAA, MSG, III (2115) and an LS..LE
 * bracket holding 2120 entities (each an NM1 loop). AAA segments go to `onAaa`.
 */
export const readBenefitLoop = (ctx: ReadContext, loop: readonly Segment[], loopId: string, onAaa: (s: Segment) => void): Benefit => {
  const { outside, inner } = splitBracket(loop);
  const b = readEb(ctx, outside[0]!);
  for (const s of outside.slice(1)) {
    switch (s.id) {
      case 'HSD': b.deliveryLimits.push(readDeliveryLimit(s)); break;
      case 'REF': b.references.push(readReference(s)); break;
      case 'DTP': b.dates.push(readDate(s)); break;
      case 'AAA': onAaa(s); break;
      case 'MSG': if (opt(s, 1)) b.messages.push(el(s, 1).trim()); break;
      case 'III': if (el(s, 1) === 'ZZ' && opt(s, 2)) b.placesOfService.push(el(s, 2).trim()); break;
      default: skipped(ctx, s, `loop ${loopId}`);
    }
  }
  const entityLoop = loopId.replace('2110', '2120');
  for (const block of inner) {
    const { head, loops } = splitLoops(block, (s) => s.id === 'NM1');
    for (const s of head) skipped(ctx, s, `loop ${entityLoop} before its NM1`);
    for (const l of loops) b.relatedEntities.push(readParty(ctx, l, `loop ${entityLoop}`));
  }
  return b;
};
