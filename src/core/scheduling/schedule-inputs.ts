import { z } from 'zod';
import { isLocalDate } from '../shared/index.ts';

const Id = z.string().min(1).max(64);
/** An instant with `Z` or an offset; the service stores it as canonical UTC. */
const Instant = z.iso.datetime({ offset: true });
const Reason = z.string().trim().min(4).max(200);
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use HH:MM (24-hour)');
const LocalDateSchema = z.string().refine(isLocalDate, { message: 'use a real date, YYYY-MM-DD' });

/** An authorised exception: an overbook (a second visit in a taken slot) or a rule exception, with its reason. */
export const OverrideSchema = z.strictObject({ kind: z.enum(['overbook', 'rule_exception']), reason: Reason });
export type OverrideInput = z.infer<typeof OverrideSchema>;

/** A booking request; the end is the start plus the appointment type's duration. */
export const BookingInputSchema = z.strictObject({
  patientId: Id,
  providerId: Id,
  locationId: Id,
  typeId: Id,
  start: Instant,
  roomId: Id.optional(),
  referralId: Id.optional(),
  /** The recall this visit answers (marked booked with it). */
  recallId: Id.optional(),
  override: OverrideSchema.optional(),
});
export type BookingInput = z.infer<typeof BookingInputSchema>;

/** A move (drag), a resize (a new end) or a move to another provider's column. */
export const RescheduleSchema = z.strictObject({ start: Instant, version: z.number().int().min(1), end: Instant.optional(), providerId: Id.optional(), override: OverrideSchema.optional() });
export type RescheduleInput = z.infer<typeof RescheduleSchema>;

export const CancelSchema = z.strictObject({ reason: Reason });

/** A calendar query over at most 92 days. */
export const AppointmentSearchSchema = z
  .strictObject({
    from: Instant,
    to: Instant,
    providerIds: z.array(Id).min(1).max(200).optional(),
    locationId: Id.optional(),
    patientId: Id.optional(),
    includeCancelled: z.boolean().default(false),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { message: 'a range of at most 92 days', path: ['to'] });
export type AppointmentSearch = z.infer<typeof AppointmentSearchSchema>;

export const AppointmentTypeInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  durationMinutes: z.number().int().min(5).max(480).refine((m) => m % 5 === 0, { message: 'a multiple of 5 minutes' }),
  newPatient: z.boolean().nullable().default(null),
  roomType: z.string().trim().min(1).max(40).nullable().default(null),
  instructions: z.string().trim().max(1000).nullable().default(null),
  expectedCodes: z.array(z.string().regex(/^[A-Z0-9]{5}$/, 'a 5-character CPT/HCPCS code')).max(20).default([]),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use #rrggbb').default('#4a90d9'),
  minAgeYears: z.number().int().min(0).max(130).nullable().default(null),
  maxAgeYears: z.number().int().min(0).max(130).nullable().default(null),
});
export type AppointmentTypeInput = z.infer<typeof AppointmentTypeInputSchema>;

export const RoomInputSchema = z.strictObject({ locationId: Id, name: z.string().trim().min(1).max(60), roomType: z.string().trim().min(1).max(40) });
export type RoomInput = z.infer<typeof RoomInputSchema>;

export const TemplateInputSchema = z
  .strictObject({
    providerId: Id,
    locationId: Id,
    weekday: z.number().int().min(0).max(6),
    start: LocalTime,
    end: LocalTime,
    effectiveFrom: LocalDateSchema,
    effectiveTo: LocalDateSchema.nullable().default(null),
    allowedTypeIds: z.array(Id).max(50).nullable().default(null),
  })
  .refine((t) => t.end > t.start, { message: 'must be after start', path: ['end'] })
  .refine((t) => t.effectiveTo === null || t.effectiveTo >= t.effectiveFrom, { message: 'must not be before effectiveFrom', path: ['effectiveTo'] });
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

export const ExceptionInputSchema = z
  .strictObject({
    kind: z.enum(['holiday', 'time_off', 'blocked']),
    providerId: Id.nullable().default(null),
    locationId: Id.nullable().default(null),
    start: Instant,
    end: Instant,
    reason: z.string().trim().min(2).max(200),
  })
  .refine((e) => Date.parse(e.end) > Date.parse(e.start), { message: 'must be after start', path: ['end'] })
  .refine((e) => e.kind === 'holiday' || e.providerId !== null, { message: 'time off and blocked time name a provider', path: ['providerId'] });
export type ExceptionInput = z.infer<typeof ExceptionInputSchema>;

export const ExceptionQuerySchema = z.strictObject({ from: Instant, to: Instant, providerId: Id.optional(), locationId: Id.optional() });
