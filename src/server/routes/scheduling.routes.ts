import { z } from 'zod';
import {
  AppointmentSearchSchema,
  AppointmentTypeInputSchema,
  BookingInputSchema,
  CancelSchema,
  ExceptionInputSchema,
  ExceptionQuerySchema,
  RescheduleSchema,
  RoomInputSchema,
  TemplateInputSchema,
  GuidelineRulesSchema,
  GuidelineScopeSchema,
  OutreachInputSchema,
  OverrideSchema,
  RecallInputSchema,
  ReferralInputSchema,
  WaitlistInputSchema,
  type AvailabilityService,
  type BookingConflict,
  type BookingOutcome,
  type BookingRefusal,
  type BookingService,
  type ScheduleSetupService,
  type SchedulingQueuesService,
} from '../../core/scheduling/index.ts';
import { isLocalDate } from '../../core/shared/index.ts';
import { conflict } from '../../core/shared/index.ts';
import { idempotencyKeyOf } from '../http/register.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const OptionalId = z.string().min(1).max(64).optional();

const WHAT: Record<BookingConflict['resource'], string> = {
  provider: 'The provider is already booked',
  room: 'The room is already in use',
  patient: 'The patient already has a visit',
};

const RESOURCE_OF: Record<string, BookingConflict['resource']> = { conflict_provider: 'provider', conflict_room: 'room', conflict_patient: 'patient' };

/**
 * A refused slot as 409. A conflict names the resource and the visit in the way (ids only, no
 * patient data); a guideline refusal carries every verdict (code and sentence) in `details.verdicts`.
 */
const refusal = (c: BookingConflict | BookingRefusal): never => {
  if (c.kind === 'conflict') {
    throw conflict(`${WHAT[c.resource]} at this time${c.appointmentId ? ` (appointment ${c.appointmentId})` : ''}; choose another time or an authorised overbook`, {
      resource: c.resource,
      ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
    });
  }
  const blocking = c.verdicts.filter((v) => v.blocking);
  const first = blocking[0];
  const resource = first ? RESOURCE_OF[first.code] : undefined;
  if (first && resource && blocking.every((v) => RESOURCE_OF[v.code])) {
    throw conflict(`${WHAT[resource]} at this time${first.appointmentId ? ` (appointment ${first.appointmentId})` : ''}; choose another time or an authorised overbook`, {
      resource,
      ...(first.appointmentId ? { appointmentId: first.appointmentId } : {}),
      verdicts: c.verdicts,
    });
  }
  throw conflict(`This time is outside the scheduling guidelines: ${blocking.map((v) => v.sentence).join(' ')}`, { verdicts: c.verdicts });
};

/** A booking outcome as the HTTP answer: 201 (200 on a replay) with the visit, or 409. */
const booked = (r: BookingOutcome) => (r.kind === 'booked' ? reply(r.replayed ? 200 : 201, r.appointment, { location: `/api/appointments/${r.appointment.id}` }) : refusal(r));

const LocalDate = z.string().refine(isLocalDate, { message: 'use a real date, YYYY-MM-DD' });
const Instant = z.iso.datetime({ offset: true });
const IdList = z.array(z.string().min(1).max(64)).min(1).max(200);

const CalendarSchema = z.strictObject({
  from: LocalDate,
  days: z.number().int().min(1).max(14).default(1),
  locationId: OptionalId,
  providerIds: IdList.optional(),
  typeIds: IdList.optional(),
  includeCancelled: z.boolean().default(false),
});
const CheckSchema = z.strictObject({
  providerId: z.string().min(1).max(64),
  locationId: z.string().min(1).max(64),
  typeId: z.string().min(1).max(64),
  start: Instant,
  end: Instant.optional(),
  patientId: OptionalId,
  roomId: OptionalId,
  excludeAppointmentId: OptionalId,
});
const SlotsSchema = z
  .strictObject({
    typeId: z.string().min(1).max(64),
    from: LocalDate,
    to: LocalDate,
    providerIds: IdList.optional(),
    locationId: OptionalId,
    patientId: OptionalId,
    limit: z.number().int().min(1).max(500).default(50),
  })
  .refine((q) => (q.providerIds && q.providerIds.length > 0) || q.locationId, { message: 'give providerIds or a locationId', path: ['locationId'] });
const DaySheetQuery = z.strictObject({ providerId: z.string().min(1).max(64), date: LocalDate });
const PickSchema = z.strictObject({ start: Instant, providerId: OptionalId, locationId: OptionalId, override: OverrideSchema.optional() });
const WaitlistPickSchema = z.strictObject({ start: Instant, providerId: z.string().min(1).max(64), override: OverrideSchema.optional() });
const RuleSetSaveSchema = z.strictObject({ scope: GuidelineScopeSchema, rules: GuidelineRulesSchema, note: z.string().trim().max(500).nullable().default(null), baseVersion: z.number().int().min(0) });
const ReasonSchema = z.strictObject({ reason: z.string().trim().min(4).max(200) });
const QueueQuery = <S extends readonly [string, ...string[]]>(statuses: S) => z.strictObject({ status: z.enum(statuses).optional(), patientId: OptionalId });

export interface SchedulingRouteDeps {
  booking: BookingService;
  setup: ScheduleSetupService;
  availability: AvailabilityService;
  queues: SchedulingQueuesService;
}

const statusRoute = (url: string, summary: string, run: (p: Parameters<BookingService['checkIn']>[0], id: string) => Promise<unknown>): RouteDef =>
  route({ method: 'POST', url, tag: 'scheduling', access: 'schedule.book', summary, params: Id, handler: ({ principal, params }) => run(principal, params.id) });

/** Booking, the calendar and the scheduling set-up. */
export const schedulingRoutes = (d: SchedulingRouteDeps): RouteDef[] => [
  route({
    method: 'POST', url: '/api/appointments', tag: 'scheduling', access: 'schedule.book', summary: 'Book a visit; 409 names the provider, room or patient conflict. An override (overbook, rule exception) needs schedule.override and a reason',
    body: BookingInputSchema, idempotent: true,
    handler: async ({ principal, body, req }) => booked(await d.booking.book(principal, body, { idempotencyKey: idempotencyKeyOf(req) })),
  }),
  route({
    method: 'POST', url: '/api/appointments/search', tag: 'scheduling', access: 'schedule.read', summary: 'The calendar: visits overlapping [from, to), by providers and/or location',
    body: AppointmentSearchSchema,
    handler: async ({ principal, body }) => ({ appointments: await d.booking.listForRange(principal, body) }),
  }),
  route({
    method: 'GET', url: '/api/appointments/:id', tag: 'scheduling', access: 'schedule.read', summary: 'Read a visit',
    params: Id,
    handler: ({ principal, params }) => d.booking.get(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/appointments/:id/reschedule', tag: 'scheduling', access: 'schedule.book', summary: 'Move (new start, optionally another provider) or resize (new end) a booked visit under the same rules as booking; send the version you read; 409 names the conflict or the guideline verdicts',
    params: Id, body: RescheduleSchema,
    handler: async ({ principal, params, body }) => {
      const r = await d.booking.reschedule(principal, params.id, body.start, { version: body.version, end: body.end, providerId: body.providerId, override: body.override });
      return r.kind === 'rescheduled' ? r.appointment : refusal(r);
    },
  }),
  route({
    method: 'POST', url: '/api/appointments/:id/cancel', tag: 'scheduling', access: 'schedule.book', summary: 'Cancel a visit with a reason (frees its time)',
    params: Id, body: CancelSchema,
    handler: ({ principal, params, body }) => d.booking.cancel(principal, params.id, body.reason),
  }),
  statusRoute('/api/appointments/:id/check-in', 'Check the patient in', d.booking.checkIn),
  statusRoute('/api/appointments/:id/no-show', 'Mark the visit a no-show', d.booking.markNoShow),
  statusRoute('/api/appointments/:id/complete', 'Mark the visit completed', d.booking.complete),

  route({
    method: 'GET', url: '/api/scheduling/appointment-types', tag: 'scheduling', access: 'schedule.read', summary: 'Appointment types',
    handler: async ({ principal }) => ({ types: await d.setup.listTypes(principal) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/appointment-types', tag: 'scheduling', access: 'schedule.manage', summary: 'Add an appointment type',
    body: AppointmentTypeInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.setup.createType(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/rooms', tag: 'scheduling', access: 'schedule.read', summary: 'Rooms and equipment, optionally of one location',
    query: z.strictObject({ locationId: OptionalId }),
    handler: async ({ principal, query }) => ({ rooms: await d.setup.listRooms(principal, query.locationId) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/rooms', tag: 'scheduling', access: 'schedule.manage', summary: 'Add a room or piece of equipment',
    body: RoomInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.setup.createRoom(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/templates', tag: 'scheduling', access: 'schedule.read', summary: 'Weekly working templates, by provider and/or location',
    query: z.strictObject({ providerId: OptionalId, locationId: OptionalId }),
    handler: async ({ principal, query }) => ({ templates: await d.setup.listTemplates(principal, query) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/templates', tag: 'scheduling', access: 'schedule.manage', summary: 'Add a weekly working block',
    body: TemplateInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.setup.createTemplate(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/exceptions', tag: 'scheduling', access: 'schedule.read', summary: 'Holidays, time off and blocked time overlapping [from, to)',
    query: ExceptionQuerySchema,
    handler: async ({ principal, query }) => ({ exceptions: await d.setup.listExceptions(principal, query) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/exceptions', tag: 'scheduling', access: 'schedule.manage', summary: 'Add a holiday, time off or blocked time (with its reason)',
    body: ExceptionInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.setup.createException(principal, body)),
  }),

  route({
    method: 'POST', url: '/api/scheduling/calendar', tag: 'scheduling', access: 'schedule.read', summary: 'The master calendar: providers, rooms, types, working blocks, exceptions and visits (with patient names) for 1-14 local days',
    body: CalendarSchema,
    handler: ({ principal, body }) => d.availability.calendar(principal, body),
  }),
  route({
    method: 'POST', url: '/api/scheduling/check', tag: 'scheduling', access: 'schedule.read', summary: '"Why not this time?": every guideline verdict and conflict for a candidate time (code and sentence)',
    body: CheckSchema,
    handler: ({ principal, body }) => d.availability.check(principal, body),
  }),
  route({
    method: 'POST', url: '/api/scheduling/slots', tag: 'scheduling', access: 'schedule.read', summary: 'Open slots for an appointment type over local dates, for providers or any provider at a location; first-available order',
    body: SlotsSchema,
    handler: async ({ principal, body }) => ({ slots: await d.availability.slots(principal, body) }),
  }),
  route({
    method: 'GET', url: '/api/scheduling/day-sheet', tag: 'scheduling', access: 'schedule.read', summary: "A provider's printable day sheet (audited as a print)",
    query: DaySheetQuery,
    handler: ({ principal, query }) => d.availability.daySheet(principal, query.providerId, query.date),
  }),
  route({
    method: 'GET', url: '/api/scheduling/rules', tag: 'scheduling', access: 'schedule.read', summary: 'Guideline rule sets, every version (the highest per scope applies)',
    handler: async ({ principal }) => ({ ruleSets: await d.queues.listRuleSets(principal) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/rules', tag: 'scheduling', access: 'schedule.manage', summary: 'Save a new version of a scope\'s guideline rules (send the version you edited as baseVersion, 0 for a new scope)',
    body: RuleSetSaveSchema,
    handler: async ({ principal, body }) => reply(201, await d.queues.saveRuleSet(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/appointments/:id/rebooking', tag: 'scheduling', access: 'schedule.read', summary: 'A missed visit with the next three suitable times and the outreach attempts so far',
    params: Id,
    handler: ({ principal, params }) => d.queues.rebooking(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/appointments/:id/rebook', tag: 'scheduling', access: 'schedule.book', summary: 'Book a new visit for a no-show (same patient and type), linked to the missed one',
    params: Id, body: PickSchema, idempotent: true,
    handler: async ({ principal, params, body, req }) => booked(await d.queues.rebook(principal, params.id, body, idempotencyKeyOf(req))),
  }),
  route({
    method: 'POST', url: '/api/appointments/:id/outreach', tag: 'scheduling', access: 'schedule.book', summary: 'Log an attempt to reach the patient about a visit (no-show)',
    params: Id, body: OutreachInputSchema,
    handler: async ({ principal, params, body }) => reply(201, await d.queues.logOutreach(principal, 'appointment', params.id, body)),
  }),
  route({
    method: 'POST', url: '/api/scheduling/referrals', tag: 'scheduling', access: 'schedule.book', summary: 'Record an incoming referral (it waits in the scheduling queue until booked)',
    body: ReferralInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.queues.createReferral(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/referrals', tag: 'scheduling', access: 'schedule.read', summary: 'Referrals, by status and/or patient',
    query: QueueQuery(['open', 'closed'] as const),
    handler: async ({ principal, query }) => ({ referrals: await d.queues.listReferrals(principal, query) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/referrals/:id/close', tag: 'scheduling', access: 'schedule.book', summary: 'Close a referral with a reason',
    params: Id, body: ReasonSchema,
    handler: ({ principal, params, body }) => d.queues.closeReferral(principal, params.id, body.reason),
  }),
  route({
    method: 'POST', url: '/api/scheduling/recalls', tag: 'scheduling', access: 'schedule.book', summary: 'Add a recall ("return in 3 months"): it becomes a worklist item as it comes due',
    body: RecallInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.queues.createRecall(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/recalls', tag: 'scheduling', access: 'schedule.read', summary: 'Recalls, by status and/or patient',
    query: QueueQuery(['pending', 'booked', 'cancelled'] as const),
    handler: async ({ principal, query }) => ({ recalls: await d.queues.listRecalls(principal, query) }),
  }),
  route({
    method: 'POST', url: '/api/scheduling/recalls/:id/cancel', tag: 'scheduling', access: 'schedule.book', summary: 'Cancel a pending recall',
    params: Id,
    handler: ({ principal, params }) => d.queues.cancelRecall(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/scheduling/waitlist', tag: 'scheduling', access: 'schedule.book', summary: 'Put a patient on the waitlist ("earlier if possible")',
    body: WaitlistInputSchema,
    handler: async ({ principal, body }) => reply(201, await d.queues.addToWaitlist(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/scheduling/waitlist', tag: 'scheduling', access: 'schedule.read', summary: 'Waitlist entries, by status and/or patient',
    query: QueueQuery(['waiting', 'booked', 'removed'] as const),
    handler: async ({ principal, query }) => ({ entries: await d.queues.listWaitlist(principal, query) }),
  }),
  route({
    method: 'GET', url: '/api/scheduling/waitlist/:id/offer', tag: 'scheduling', access: 'schedule.read', summary: 'The time to offer a waitlisted patient now (first free in the window, earlier than the visit held), or null',
    params: Id,
    handler: ({ principal, params }) => d.queues.waitlistOffer(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/scheduling/waitlist/:id/book', tag: 'scheduling', access: 'schedule.book', summary: 'Book an offered time for a waitlisted patient; the visit they held is cancelled',
    params: Id, body: WaitlistPickSchema,
    handler: async ({ principal, params, body }) => booked(await d.queues.bookFromWaitlist(principal, params.id, body)),
  }),
  route({
    method: 'POST', url: '/api/scheduling/waitlist/:id/remove', tag: 'scheduling', access: 'schedule.book', summary: 'Take a patient off the waitlist',
    params: Id,
    handler: ({ principal, params }) => d.queues.removeFromWaitlist(principal, params.id),
  }),
  ...(['recalls', 'referrals', 'waitlist'] as const).map((path) =>
    route({
      method: 'POST', url: `/api/scheduling/${path}/:id/outreach`, tag: 'scheduling', access: 'schedule.book', summary: `Log an attempt to reach the patient about a ${path === 'waitlist' ? 'waitlist offer' : path.slice(0, -1)}`,
      params: Id, body: OutreachInputSchema,
      handler: async ({ principal, params, body }) => reply(201, await d.queues.logOutreach(principal, path === 'recalls' ? 'recall' : path === 'referrals' ? 'referral' : 'waitlist', params.id, body)),
    }),
  ),
];
