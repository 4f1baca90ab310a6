import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/access/index.ts';
import { localDateOf, RANGE_LIMIT, type Appointment, type AppointmentType, type BookingConflict, type BookingRefusal, type Slot } from '../../core/scheduling/index.ts';
import { DomainError, isDomainError, notFound, type LocalDate } from '../../core/shared/index.ts';
import {
  appointmentCreateFromFhir,
  appointmentUpdateFromFhir,
  appointmentWindow,
  bookingFromRequest,
  bookingRefusalOutcome,
  inDateRange,
  keyMatchesActor,
  pageOf,
  parseAppointmentSearch,
  parsePrefer,
  parseScheduleSearch,
  parseSlotSearch,
  resolveSlotId,
  scheduleId,
  scheduleKeys,
  schedulingSearchset,
  slotWindow,
  toFhirAppointment,
  toFhirSchedule,
  toFhirSlot,
  typesOfKeys,
  windowInstants,
  type AppointmentNames,
  type ScheduleKey,
  type ScheduleSources,
  type SlotParts,
} from '../../fhir/index.ts';
import type { Container } from '../container.ts';
import { idempotencyKeyOf } from '../http/register.ts';
import { ignoredOutcome, jsonBody, searchEntries, validId, type FhirRouteContext } from './fhir-http.ts';

// FHIR Schedule, Slot and Appointment over the scheduling services. Every request calls a
// service with the principal first, so the access checks and the audit trail are the domain
// API's; reference data for display names (providers, locations) is read after that check.

/** Most visits one calendar query returns (the booking service's cap): a full answer may be cut. */

/** Domain input errors re-pathed to the FHIR elements they came from; a referenced record that does not exist is bad input (400). */
const asFhirInput = (e: unknown, paths: Record<string, string>): unknown => {
  if (!isDomainError(e)) return e;
  if (e.code === 'invalid' && e.issues.some((i) => paths[i.path])) {
    return new DomainError('invalid', e.message, { issues: e.issues.map((i) => ({ ...i, path: paths[i.path] ?? i.path })), details: e.details });
  }
  const what = e.code === 'not_found' ? /^(Patient|Provider|Location|Appointment type) /.exec(e.message)?.[1] : undefined;
  const path = what ? paths[what] : undefined;
  if (path) return new DomainError('invalid', e.message, { issues: [{ path, message: 'was not found' }], details: { fhirIssueCode: 'value' } });
  return e;
};

export const fhirSchedulingRoutes = (f: FastifyInstance, c: Container, x: FhirRouteContext): void => {
  const { booking, availability, scheduleSetup } = c.services;
  const directory = c.repos.scheduleDirectory;
  const prefer = (req: FastifyRequest) => parsePrefer(req.headers.prefer);

  /** Today: the earliest local date across the practice's locations. */
  const todayOf = async (): Promise<LocalDate> => {
    const now = c.clock.now();
    return (await directory.locations()).map((l) => localDateOf(now, l.timeZone)).sort()[0] ?? now.toISOString().slice(0, 10);
  };

  /** The calendar set-up, read through the service (schedule.read is checked there), and the reference data it names. */
  const setupOf = async (p: Principal): Promise<ScheduleSources> => {
    const [types, templates] = await Promise.all([scheduleSetup.listTypes(p), scheduleSetup.listTemplates(p, {})]);
    const [providers, locations] = await Promise.all([directory.providers(), directory.locations()]);
    return { types, templates, providers, locations };
  };

  /** Display names for Appointments (read after the service checked access). */
  const namer = async (): Promise<(a: Appointment) => AppointmentNames> => {
    const [types, providers, locations] = await Promise.all([c.repos.scheduleSetup.listTypes(), directory.providers(), directory.locations()]);
    const t = new Map(types.map((y) => [y.id, y]));
    const pr = new Map(providers.map((y) => [y.id, y]));
    const lo = new Map(locations.map((y) => [y.id, y]));
    return (a) => ({ type: t.get(a.typeId), provider: pr.get(a.providerId), location: lo.get(a.locationId) });
  };

  const sendAppointment = async (res: FastifyReply, status: number, a: Appointment, req: FastifyRequest, notes: Parameters<FhirRouteContext['sendResource']>[4] = []) =>
    x.sendResource(res, status, toFhirAppointment(a, (await namer())(a)), prefer(req).return, notes);

  // --- Schedule: one per provider and location with working templates
  f.get<{ Params: { id: string } }>('/Schedule/:id', async (req, res) => {
    const id = validId('Schedule', req.params.id);
    const s = await setupOf(x.who(req));
    const key = scheduleKeys(s.templates).find((k) => k.id === id);
    if (!key) throw notFound('Schedule', id);
    return x.sendResource(res, 200, toFhirSchedule(key, s, await todayOf()));
  });

  const searchSchedules = async (req: FastifyRequest) => {
    const parsed = parseScheduleSearch(searchEntries(req), prefer(req));
    const s = await setupOf(x.who(req));
    const { actor, possible } = parsed.criteria;
    const keys = possible ? scheduleKeys(s.templates).filter((k) => keyMatchesActor(k, actor)) : [];
    const { items, hasMore } = pageOf(keys.slice(parsed.page.offset), parsed.page.count);
    const today = await todayOf();
    return schedulingSearchset({ base: x.baseOf(req), type: 'Schedule', resources: items.map((k) => toFhirSchedule(k, s, today)), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };
  f.get('/Schedule', searchSchedules);
  f.post('/Schedule/_search', searchSchedules);

  // --- Slot: computed by the slot search, never stored
  const typeOf = (types: readonly AppointmentType[], id: string) => types.find((t) => t.id === id);

  /**
   * The open slots of the given schedules and types in a window, in order, at least `need` of
   * them when there are that many. The search stops at its limit before the exact range and the
   * schedules are applied, so a short answer is asked again without a limit.
   */
  const openSlots = async (p: Principal, keys: ScheduleKey[], typeIds: string[], from: LocalDate, to: LocalDate, keep: (s: Slot) => boolean, need: number): Promise<Slot[]> => {
    const providerIds = [...new Set(keys.map((k) => k.providerId))];
    const locations = [...new Set(keys.map((k) => k.locationId))];
    const wanted = new Set(keys.map((k) => k.id));
    const kept = (list: Slot[]) => list.filter((s) => wanted.has(scheduleId(s.providerId, s.locationId)) && keep(s));
    const perType = await Promise.all(
      typeIds.map(async (typeId) => {
        const q = { typeId, from, to, providerIds, ...(locations.length === 1 ? { locationId: locations[0] } : {}) };
        const first = await availability.slots(p, { ...q, limit: need });
        const good = kept(first);
        if (first.length < need || good.length >= need) return good;
        return kept(await availability.slots(p, { ...q, limit: 100_000 }));
      }),
    );
    return perType.flat().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  };

  const searchSlots = async (req: FastifyRequest) => {
    const parsed = parseSlotSearch(searchEntries(req), prefer(req));
    const cr = parsed.criteria;
    const p = x.who(req);
    const s = await setupOf(p);
    const window = slotWindow(cr.start, await todayOf());
    const keys = scheduleKeys(s.templates).filter((k) => (!cr.scheduleId || k.id === cr.scheduleId) && keyMatchesActor(k, cr.actor));
    const typeIds = cr.typeId ? (typeOf(s.types, cr.typeId) ? [cr.typeId] : []) : typesOfKeys(keys, s.templates, s.types);
    const { count, offset } = parsed.page;
    const found = cr.possible && window && keys.length && typeIds.length
      ? await openSlots(p, keys, typeIds, window.from, window.to, (slot) => inDateRange(cr.start, Date.parse(slot.start), slot.localDate), offset + count + 1)
      : [];
    const { items, hasMore } = pageOf(found.slice(offset), count);
    return schedulingSearchset({ base: x.baseOf(req), type: 'Slot', resources: items.map((slot) => toFhirSlot(slot, typeOf(s.types, slot.typeId))), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };
  f.get('/Slot', searchSlots);
  f.post('/Slot/_search', searchSlots);

  /** A slot id's provider, location, type and start, or null when no slot of the practice has that id. */
  const slotParts = (s: ScheduleSources, id: string): SlotParts | null => resolveSlotId(id, scheduleKeys(s.templates), s.types.map((t) => t.id));

  f.get<{ Params: { id: string } }>('/Slot/:id', async (req, res) => {
    const id = validId('Slot', req.params.id);
    const p = x.who(req);
    const s = await setupOf(p);
    const parts = slotParts(s, id);
    if (!parts) throw notFound('Slot', id);
    const date = localDateOf(parts.start, s.locations.find((l) => l.id === parts.locationId)?.timeZone ?? 'UTC');
    const open = await availability.slots(p, { typeId: parts.typeId, from: date, to: date, providerIds: [parts.providerId], locationId: parts.locationId, limit: 100_000 });
    const slot = open.find((o) => o.id === id);
    if (!slot) throw new DomainError('not_found', `Slot ${id} is no longer free`);
    return x.sendResource(res, 200, toFhirSlot(slot, typeOf(s.types, slot.typeId)));
  });

  // --- Appointment: read, search, create, update
  f.get<{ Params: { id: string } }>('/Appointment/:id', async (req, res) => sendAppointment(res, 200, await booking.get(x.who(req), validId('Appointment', req.params.id)), req));

  const searchAppointments = async (req: FastifyRequest) => {
    const parsed = parseAppointmentSearch(searchEntries(req), prefer(req));
    const cr = parsed.criteria;
    const p = x.who(req);
    const today = await todayOf();
    const window = appointmentWindow(cr.date, today);
    // The service is asked even when nothing can match: its access check and audit apply to every search.
    const span = windowInstants(window ?? { from: today, to: today });
    const found = await booking.listForRange(p, { ...span, ...(cr.practitionerId ? { providerIds: [cr.practitionerId] } : {}), ...(cr.patientId ? { patientId: cr.patientId } : {}), includeCancelled: true });
    if (found.length >= RANGE_LIMIT) throw new DomainError('invalid', 'Too many appointments in this range; search fewer days or one practitioner', { issues: [{ path: 'date', message: 'narrow the range' }], details: { fhirIssueCode: 'too-long' } });
    const hits = window && cr.possible
      ? found
          .filter((a) => (!cr.patientId || a.patientId === cr.patientId) && (!cr.status || a.status === cr.status) && inDateRange(cr.date, Date.parse(a.start), localDateOf(a.start, a.timeZone)))
          .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1))
      : [];
    const { items, hasMore } = pageOf(hits.slice(parsed.page.offset), parsed.page.count);
    const names = await namer();
    return schedulingSearchset({ base: x.baseOf(req), type: 'Appointment', resources: items.map((a) => toFhirAppointment(a, names(a))), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };
  f.get('/Appointment', searchAppointments);
  f.post('/Appointment/_search', searchAppointments);

  f.post('/Appointment', async (req, res) => {
    const mapped = appointmentCreateFromFhir(jsonBody(req));
    const request = mapped.value;
    const p = x.who(req);
    const s = await setupOf(p);
    const input = bookingFromRequest(request, { slot: request.slotId ? slotParts(s, request.slotId) : null, types: s.types, providers: s.providers });
    const paths = { Patient: request.paths.patient, Provider: request.paths.provider ?? 'Appointment.participant', Location: request.paths.location ?? 'Appointment.participant', locationId: request.paths.location ?? 'Appointment.participant' };
    const r = await booking.book(p, input, { idempotencyKey: idempotencyKeyOf(req) }).catch((e: unknown) => Promise.reject(asFhirInput(e, paths)));
    if (r.kind !== 'booked') return res.status(409).send(bookingRefusalOutcome(r));
    void res.header('location', `${x.baseOf(req)}/Appointment/${r.appointment.id}/_history/${r.appointment.version}`);
    return sendAppointment(res, r.replayed ? 200 : 201, r.appointment, req, mapped.notes);
  });

  f.put<{ Params: { id: string } }>('/Appointment/:id', async (req, res) => {
    const id = validId('Appointment', req.params.id);
    const p = x.who(req);
    const current = await booking.get(p, id);
    const ifMatch = req.headers['if-match'];
    const mapped = appointmentUpdateFromFhir(jsonBody(req), current, { ifMatch: Array.isArray(ifMatch) ? ifMatch[0] : ifMatch });
    const change = mapped.value;
    const paths = { start: 'Appointment.start', end: 'Appointment.end', providerId: 'Appointment.participant', Provider: 'Appointment.participant', reason: 'Appointment.cancelationReason' };
    const run = async (): Promise<Appointment | BookingConflict | BookingRefusal> => {
      switch (change.kind) {
        case 'none':
          return current;
        case 'move': {
          const r = await booking.reschedule(p, id, change.start, { version: change.version, end: change.end, ...(change.providerId ? { providerId: change.providerId } : {}) });
          return r.kind === 'rescheduled' ? r.appointment : r;
        }
        case 'status':
          if (change.to === 'cancelled') return booking.cancel(p, id, change.reason ?? '', change.version);
          if (change.to === 'checked_in') return booking.checkIn(p, id, change.version);
          if (change.to === 'completed') return booking.complete(p, id, change.version);
          if (change.to === 'no_show') return booking.markNoShow(p, id, change.version);
          throw new DomainError('precondition_failed', `Appointment ${id} cannot become ${change.to}`);
      }
    };
    const done = await run().catch((e: unknown) => Promise.reject(asFhirInput(e, paths)));
    if ('kind' in done) return res.status(409).send(bookingRefusalOutcome(done));
    return sendAppointment(res, 200, done, req, mapped.notes);
  });
};
