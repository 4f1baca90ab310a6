import type { LocalDate } from '../core/shared/index.ts';
import type { Coded } from './eligibility-codes.ts';
import type { X12Issue } from './errors.ts';
import type { DatePeriod } from './segment.ts';

/** A DTP date or range with its qualifier (346 plan begin, 356 eligibility begin, ...). */
export interface DateInfo extends DatePeriod, Coded {}

/** A REF: qualifier (6P group number, 18 plan number, ...), value and optional description (REF03). */
export interface ReferenceInfo extends Coded {
  value: string;
  description?: string;
}

export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** A PER contact: name and channels (TE phone, EM email, FX fax, UR web address, EX extension). */
export interface Contact {
  name?: string;
  channels: { kind: string; value: string }[];
}

/** A named party of an NM1 loop (payer, provider, primary care provider, other payer, ...). */
export interface Party {
  /** NM101 entity identifier. */
  entity: Coded;
  /** NM102: 1 person, 2 organisation. */
  kind: 'person' | 'organization' | 'unknown';
  /** NM103: last name or organisation name. */
  name?: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
  /** NM108 (PI payer id, XX NPI, MI member id, ...) and NM109. */
  idQualifier?: string;
  id?: string;
  address?: Address;
  contacts: Contact[];
  /** PRV03 taxonomy code. */
  taxonomy?: string;
}

/** The subscriber or dependent as the 271 returns them (loop 2100C or 2100D). */
export interface Member {
  lastName?: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
  /** NM109 with NM108 (MI member id, II unique health id). */
  memberId?: string;
  idQualifier?: string;
  birthDate?: LocalDate;
  /** DMG03: M, F or U. */
  gender?: string;
  address?: Address;
  /** INS02 relationship to the subscriber (18 self, 19 child, 01 spouse, ...). */
  relationship?: Coded;
  /** INS03 001 with INS04 25: the payer changed identifying data; the values here are its corrections. */
  identityChangedByPayer: boolean;
  references: ReferenceInfo[];
  dates: DateInfo[];
}

/** EB12: Y in network, N out of network, W applies either way, U unknown; absent when not sent. */
export type Network = 'in_network' | 'out_of_network' | 'any' | 'unknown' | 'unspecified';

/** An HSD delivery limit, e.g. 20 visits per calendar year. */
export interface DeliveryLimit {
  quantityQualifier?: Coded;
  quantity?: string;
  unit?: Coded;
  timePeriod?: Coded;
  periodCount?: string;
  frequency?: string;
  pattern?: string;
}

/** One EB segment with its loop (2110C/D) and any 2120 entities. */
export interface Benefit {
  position: number;
  /** EB01. */
  code: Coded;
  /** EB02: IND individual, FAM family, ... */
  coverageLevel?: Coded;
  /** EB03, repeated. */
  serviceTypes: Coded[];
  /** EB04. */
  insuranceType?: Coded;
  /** EB05 plan coverage description. */
  planDescription?: string;
  /** EB06: 23 calendar year, 29 remaining, 22 service year, 27 visit, ... */
  timePeriod?: Coded;
  /** EB07 as an exact decimal string and, when it has at most two decimals, integer cents. */
  amount?: string;
  amountCents?: number;
  /** EB08 as exact percentage points ('20' for EB08 .20). */
  percent?: string;
  /** EB09 and EB10. */
  quantity?: { qualifier?: Coded; value: string };
  /** EB11: whether the service needs authorisation or certification. */
  authorization?: 'required' | 'not_required' | 'unknown';
  network: Network;
  /** EB13 procedure (qualifier HC, code, modifiers). */
  procedure?: { qualifier: string; code: string; modifiers: string[] };
  deliveryLimits: DeliveryLimit[];
  references: ReferenceInfo[];
  dates: DateInfo[];
  messages: string[];
  /** III02 place of service codes (III01 ZZ). */
  placesOfService: string[];
  /** Loop 2120 entities between LS and LE. */
  relatedEntities: Party[];
}

/** An AAA rejection at any level, with its meaning and the payer's follow-up instruction. */
export interface Rejection {
  position: number;
  /** The loop it came from: 2000A, 2100A, 2100B, 2100C, 2110C, 2100D, 2110D. */
  loop: string;
  level: 'information_source' | 'information_receiver' | 'subscriber' | 'dependent';
  /** AAA01: Y the request was valid (the answer is still a rejection), N invalid request. */
  validRequest: boolean;
  /** AAA03 with meaning and our next step. */
  reason: Coded & { nextStep: string };
  /** AAA04. */
  followUp?: Coded;
}

export type CostShareKind = 'copay' | 'coinsurance' | 'deductible' | 'out_of_pocket';

/**
 * One cost share per service type and network, flattened from EB A/B/C/G. `basis` tells the
 * plan's amount for the period ('total'), what is left ('remaining', EB06 29/33) or what has
 * been met so far ('met', EB06 24 year to date).
 */
export interface CostShare {
  position: number;
  kind: CostShareKind;
  /** Absent when EB03 is empty (the benefit applies to the plan as a whole). */
  serviceType?: Coded;
  network: Network;
  coverageLevel?: Coded;
  timePeriod?: Coded;
  basis: 'total' | 'remaining' | 'met';
  amount?: string;
  amountCents?: number;
  percent?: string;
  authorization?: Benefit['authorization'];
  insuranceType?: Coded;
  planDescription?: string;
  messages: string[];
}

/** Where the 271 says a prior authorisation or referral is needed. */
export interface AuthorizationNote {
  kind: 'prior_authorization' | 'referral';
  source: 'EB11' | 'MSG' | 'AAA';
  serviceTypes: Coded[];
  network: Network;
  position: number;
}

/** A coordination-of-benefits hint: EB01 R with the other payer from loop 2120. */
export interface OtherPayer {
  position: number;
  serviceTypes: Coded[];
  insuranceType?: Coded;
  coverageLevel?: Coded;
  planDescription?: string;
  payers: Party[];
  references: ReferenceInfo[];
  dates: DateInfo[];
  messages: string[];
}

/** The payer returned identifying data that differs from ours, or said it changed it (INS03/04). */
export interface DemographicCorrection {
  member: 'subscriber' | 'dependent';
  /** INS03 001 and INS04 25. */
  reportedByPayer: boolean;
  /** Fields that differ from the inquiry (when the inquiry was given to the parser). */
  differingFields: string[];
  /** What the 271 returns for the member. */
  returned: Pick<Member, 'memberId' | 'lastName' | 'firstName' | 'middleName' | 'suffix' | 'birthDate' | 'gender' | 'address'>;
}

export interface Coverage {
  /** EB01 1-5 active, 6-8 inactive; unknown when the 271 says neither (e.g. a rejection). */
  status: 'active' | 'inactive' | 'unknown';
  /** The EB01 1-8 codes found. */
  statusCodes: Coded[];
  planName?: string;
  insuranceType?: Coded;
  planNumber?: string;
  groupNumber?: string;
  groupName?: string;
  planBegin?: LocalDate;
  planEnd?: LocalDate;
  eligibilityBegin?: LocalDate;
  eligibilityEnd?: LocalDate;
  /** Every member-level date (2100C/D DTP). */
  dates: DateInfo[];
}

/** TRN: type 2 is our inquiry's trace returned; type 1 is the payer's own. */
export interface Trace {
  type: 'referenced' | 'current' | 'other';
  number: string;
  originatorId?: string;
  secondaryReference?: string;
}

/** Everything one 271 says about one patient (or, for a rejected request, about no patient). */
export interface EligibilityResult {
  interchangeControlNumber: string;
  groupControlNumber: string;
  transactionControlNumber: string;
  /** ST03, normally 005010X279A1. */
  implementationRef: string;
  /** ISA15 T. */
  test: boolean;
  /** BHT03, BHT04 and BHT05. */
  referenceId?: string;
  createdDate?: LocalDate;
  createdTime?: string;
  traces: Trace[];
  payer?: Party;
  informationReceiver?: Party;
  patientIs?: 'subscriber' | 'dependent';
  subscriber?: Member;
  dependent?: Member;
  coverage: Coverage;
  benefits: Benefit[];
  costShares: CostShare[];
  /** EB01 F benefits. */
  limitations: Benefit[];
  authorizations: { priorAuthorizationRequired: boolean; referralRequired: boolean; notes: AuthorizationNote[] };
  messages: { text: string; benefitCode: string; serviceTypes: string[]; position: number }[];
  otherPayers: OtherPayer[];
  primaryCareProviders: Party[];
  corrections?: DemographicCorrection;
  rejections: Rejection[];
  /** Envelope mismatches and segments the reader skipped. */
  warnings: X12Issue[];
}
