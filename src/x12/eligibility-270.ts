import { z } from 'zod';
import { isValidNpi } from '../core/reference/index.ts';
import { invalid, isLocalDate } from '../core/shared/index.ts';
import type { ControlNumberSource } from './control-numbers.ts';
import { buildInterchange, type BuiltInterchange } from './envelope-builder.ts';
import { seg, type OutSegment } from './serializer.ts';
import { GENERIC_SERVICE_TYPE, isServiceTypeCode } from './service-types.ts';

/** The implementation guide of the 270/271 pair (GS08 and ST03). */
export const X279A1 = '005010X279A1';

// Printable ASCII without the delimiters Medoffice writes (* : ^ ~).
const X12_TEXT = /^[\x20-\x29\x2b-\x39\x3b-\x5d\x5f-\x7d]*$/;
const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).regex(X12_TEXT, 'must use printable ASCII without * : ^ ~');
const identifier = (min: number, max: number) => z.string().trim().regex(new RegExp(`^[A-Za-z0-9-]{${min},${max}}$`), `must be ${min}-${max} letters, digits or hyphens`);
const localDate = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');
const gender = z.enum(['M', 'F', 'U']);

const PersonSchema = z.object({
  lastName: text(60),
  firstName: text(35),
  middleName: text(25).optional(),
  suffix: text(10).optional(),
  birthDate: localDate,
  gender: gender.optional(),
});

/** What a 270 asks: who pays, who asks, about whom, for which services and date. */
export const Eligibility270InputSchema = z
  .object({
    payer: z.object({ name: text(60), id: identifier(2, 80) }),
    /** The information receiver: the provider asking (NM1*1P with the NPI). */
    provider: z
      .object({
        npi: z.string().regex(/^\d{10}$/, 'must be 10 digits').refine(isValidNpi, 'fails the NPI check digit'),
        organizationName: text(60).optional(),
        lastName: text(60).optional(),
        firstName: text(35).optional(),
      })
      .refine((p) => p.organizationName !== undefined || p.lastName !== undefined, { message: 'needs an organization name or a last name', path: ['organizationName'] }),
    subscriber: PersonSchema.extend({ memberId: identifier(2, 80), birthDate: localDate.optional() }),
    /** Present when the patient is a dependent without their own member id. */
    dependent: PersonSchema.optional(),
    /** EQ01 service type codes; 30 (health benefit plan coverage) when none is given. */
    serviceTypeCodes: z.array(z.string().refine(isServiceTypeCode, 'is not a 005010 service type code')).min(1).max(99).default([GENERIC_SERVICE_TYPE]),
    dateOfService: localDate,
    /** Last day of a service period (DTP*291 RD8); omit for one day. */
    dateOfServiceEnd: localDate.optional(),
    /** TRN02: our trace number, returned in the 271 to match it to this inquiry. */
    traceNumber: identifier(1, 50),
    /** TRN03: '1' and the practice EIN, or '9' and another 9-character identifier. */
    traceOriginatorId: z.string().regex(/^[19][A-Za-z0-9]{9}$/, 'must be 1 followed by the EIN, or 9 followed by 9 letters or digits'),
    /** When the inquiry is made; written as UTC into BHT04/05 and the envelope dates. */
    createdAt: z.date(),
    envelope: z.object({
      senderId: identifier(1, 15),
      receiverId: identifier(1, 15),
      senderQualifier: z.string().regex(/^[A-Z0-9]{2}$/, 'must be 2 letters or digits').optional(),
      receiverQualifier: z.string().regex(/^[A-Z0-9]{2}$/, 'must be 2 letters or digits').optional(),
      applicationSender: identifier(2, 15).optional(),
      applicationReceiver: identifier(2, 15).optional(),
      usage: z.enum(['P', 'T']).optional(),
    }),
  })
  .superRefine((v, ctx) => {
    if (!v.dependent && v.subscriber.birthDate === undefined) ctx.addIssue({ code: 'custom', path: ['subscriber', 'birthDate'], message: 'is required when the subscriber is the patient' });
    if (v.dateOfServiceEnd !== undefined && v.dateOfServiceEnd < v.dateOfService) ctx.addIssue({ code: 'custom', path: ['dateOfServiceEnd'], message: 'must not be before dateOfService' });
  });

export type Eligibility270Input = z.input<typeof Eligibility270InputSchema>;
export type Eligibility270Request = z.output<typeof Eligibility270InputSchema>;

/** Validates a 270 request; a DomainError `invalid` lists each bad field by path, never its value. */
export const parse270Input = (input: Eligibility270Input): Eligibility270Request => {
  const r = Eligibility270InputSchema.safeParse(input);
  if (!r.success) throw invalid('The eligibility inquiry is incomplete or invalid', r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return r.data;
};

const ccyymmdd = (d: string): string => d.replaceAll('-', '');
const upper = (s: string | undefined): string | undefined => s?.toUpperCase();

/** The patient's DMG, DTP*291 and one EQ per service type (2100C/D and 2110C/D). */
const patientDetail = (p: { birthDate?: string; gender?: string }, r: Eligibility270Request): OutSegment[] => [
  ...(p.birthDate ? [seg('DMG', 'D8', ccyymmdd(p.birthDate), p.gender)] : []),
  r.dateOfServiceEnd ? seg('DTP', '291', 'RD8', `${ccyymmdd(r.dateOfService)}-${ccyymmdd(r.dateOfServiceEnd)}`) : seg('DTP', '291', 'D8', ccyymmdd(r.dateOfService)),
  // One 2110 loop per service type: every payer reads these, not all read EQ01 repetitions.
  ...r.serviceTypeCodes.map((code) => seg('EQ', code)),
];

/**
 * The segments of one 270 between ST and SE (005010X279A1): BHT, the payer (2000A/2100A), the
 * provider (2000B/2100B), the subscriber (2000C/2100C) and, for a dependent, 2000D/2100D.
 * Names are sent in upper case, as payers match them.
 */
export const eligibility270Body = (r: Eligibility270Request): OutSegment[] => {
  const iso = r.createdAt.toISOString();
  const s = r.subscriber;
  const dep = r.dependent;
  const prov = r.provider;
  const trn = seg('TRN', '1', r.traceNumber, r.traceOriginatorId);
  return [
    seg('BHT', '0022', '13', r.traceNumber, ccyymmdd(iso.slice(0, 10)), iso.slice(11, 13) + iso.slice(14, 16)),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'PR', '2', upper(r.payer.name), '', '', '', '', 'PI', r.payer.id),
    seg('HL', '2', '1', '21', '1'),
    prov.organizationName !== undefined
      ? seg('NM1', '1P', '2', upper(prov.organizationName), '', '', '', '', 'XX', prov.npi)
      : seg('NM1', '1P', '1', upper(prov.lastName), upper(prov.firstName), '', '', '', 'XX', prov.npi),
    seg('HL', '3', '2', '22', dep ? '1' : '0'),
    ...(dep ? [] : [trn]),
    seg('NM1', 'IL', '1', upper(s.lastName), upper(s.firstName), upper(s.middleName), '', upper(s.suffix), 'MI', s.memberId),
    ...(dep
      ? [
          ...(s.birthDate ? [seg('DMG', 'D8', ccyymmdd(s.birthDate), s.gender)] : []),
          seg('HL', '4', '3', '23', '0'),
          trn,
          seg('NM1', '03', '1', upper(dep.lastName), upper(dep.firstName), upper(dep.middleName), '', upper(dep.suffix)),
          ...patientDetail(dep, r),
        ]
      : patientDetail(s, r)),
  ];
};

/** A built 270 interchange and the trace number to match its 271 by. */
export interface Built270 extends BuiltInterchange {
  traceNumber: string;
}

/** Validates the request and writes a complete 270 interchange, control numbers from `numbers`. */
export const build270 = async (input: Eligibility270Input, numbers: ControlNumberSource, opts: { lineBreak?: '' | '\n' | '\r\n' } = {}): Promise<Built270> => {
  const r = parse270Input(input);
  const built = await buildInterchange(
    { parties: r.envelope, createdAt: r.createdAt, groups: [{ functionalId: 'HS', version: X279A1, transactions: [{ id: '270', implementationRef: X279A1, body: eligibility270Body(r) }] }] },
    numbers,
    opts,
  );
  return { ...built, traceNumber: r.traceNumber };
};
