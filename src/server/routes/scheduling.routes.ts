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
  type BookingConflict,
  type BookingService,
  type ScheduleSetupService,
} from '../../core/scheduling/index.ts';
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

/** A refused slot as 409, in a sentence that names the conflict and the visit in the way (ids only, no patient data). */
const refusal = (c: BookingConflict): never => {
  throw conflict(`${WHAT[c.resource]} at this time${c.appointmentId ? ` (appointment ${c.appointmentId})` : ''}; choose another time or an authorised overbook`, {
    resource: c.resource,
    ...(c.appointmentId ? { appointmentId: c.appointmentId } : {}),
  });
};

export interface SchedulingRouteDeps {
  booking: BookingService;
  setup: ScheduleSetupService;
}

const statusRoute = (url: string, summary: string, run: (p: Parameters<BookingService['checkIn']>[0], id: string) => Promise<unknown>): RouteDef =>
  route({ method: 'POST', url, tag: 'scheduling', access: 'schedule.book', summary, params: Id, handler: ({ principal, params }) => run(principal, params.id) });

/** Booking, the calendar and the scheduling set-up. */
export const schedulingRoutes = (d: SchedulingRouteDeps): RouteDef[] => [
  route({
    method: 'POST', url: '/api/appointments', tag: 'scheduling', access: 'schedule.book', summary: 'Book a visit; 409 names the provider, room or patient conflict. An override (overbook, rule exception) needs schedule.override and a reason',
    body: BookingInputSchema, idempotent: true,
    handler: async ({ principal, body, req }) => {
      const r = await d.booking.book(principal, body, { idempotencyKey: idempotencyKeyOf(req) });
      if (r.kind === 'conflict') return refusal(r);
      return reply(r.replayed ? 200 : 201, r.appointment, { location: `/api/appointments/${r.appointment.id}` });
    },
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
    method: 'POST', url: '/api/appointments/:id/reschedule', tag: 'scheduling', access: 'schedule.book', summary: 'Move a booked visit to a new start (send the version you read); 409 names the conflict',
    params: Id, body: RescheduleSchema,
    handler: async ({ principal, params, body }) => {
      const r = await d.booking.reschedule(principal, params.id, body.start, { version: body.version, override: body.override });
      return r.kind === 'conflict' ? refusal(r) : r.appointment;
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
];
