import { addDays, ageOn, type LocalDate } from '../shared/index.ts';
import type { Appointment, AppointmentType } from './appointment.ts';
import type { AppointmentRepo, GuidelineRepo, LocationSummary, PatientScheduleFacts, ProviderSummary, ScheduleDirectory, ScheduleSetupRepo } from './appointment.repo.ts';
import type { GuidelineContext, OverrideFlags, PatientFacts } from './guideline-context.ts';
import { localDateOf } from './local-time.ts';
import type { SlotSearchData } from './schedule-index.ts';

/** The ports the reader loads from. */
export interface ScheduleReaderDeps {
  appointments: AppointmentRepo;
  setup: ScheduleSetupRepo;
  directory: ScheduleDirectory;
  guidelines: GuidelineRepo;
}

/** A time to judge: the visit's parts, its start, and (for a resize) its end. */
export interface CandidateRequest {
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  /** Default: start plus the type's duration. */
  end?: string;
  roomId?: string | null;
  patientId?: string | null;
  excludeAppointmentId?: string | null;
}

const DAY_MS = 86_400_000;
/** A patient seen (checked in or completed) within this many years is established, not new. */
const ESTABLISHED_YEARS = 3;
/** Most visits one load reads (a week of 50 busy providers is about 5,000). */
const LIMIT = 20_000;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Loads what the pure rules read, from storage: one candidate's context (booking, reschedule,
 * drag and drop, "why not?") or the data of a slot search. Keeps no state between calls.
 */
export const createScheduleReader = (d: ScheduleReaderDeps) => {
  /** The patient's facts on the visit's local date: age, new or established, primary payer. */
  const patientFacts = async (facts: PatientScheduleFacts | undefined, startIso: string, zone: string): Promise<PatientFacts | null> => {
    if (!facts) return null;
    const date = localDateOf(startIso, zone);
    const since = iso(Date.parse(startIso) - ESTABLISHED_YEARS * 365.25 * DAY_MS);
    const seen = await d.directory.hasVisitBetween(facts.id, since, startIso);
    return {
      patientId: facts.id,
      ageYears: facts.birthDate ? ageOn(facts.birthDate, date) : null,
      isNew: !seen,
      payerId: facts.payerId,
      payerName: facts.payerName,
      planType: facts.planType,
    };
  };

  const patientById = async (patientId: string | null | undefined, startIso: string, zone: string): Promise<PatientScheduleFacts | undefined> =>
    patientId ? (await d.directory.patients([patientId], localDateOf(startIso, zone)))[0] : undefined;

  /** Everything `evaluateBooking` needs for one candidate, or null when the type, provider or location is unknown. */
  const candidateContext = async (c: CandidateRequest, now: Date, override: OverrideFlags = {}): Promise<GuidelineContext | null> => {
    const [types, providers, locations, ruleSets] = await Promise.all([d.setup.listTypes(), d.directory.providers(), d.directory.locations(), d.guidelines.list()]);
    const type = types.find((t) => t.id === c.typeId) ?? (await d.setup.getType(c.typeId));
    const provider = providers.find((p) => p.id === c.providerId);
    const location = locations.find((l) => l.id === c.locationId);
    if (!type || !provider || !location) return null;
    const startMs = Date.parse(c.start);
    const end = c.end ?? iso(startMs + type.durationMinutes * 60_000);
    // The local day of the start lies within a day either side of it (offsets are under 24 h).
    const from = iso(startMs - DAY_MS - 1);
    const to = iso(Math.max(Date.parse(end), startMs) + DAY_MS + 1);
    // Other providers' visits at the location matter only through their rooms.
    const roomsMatter = c.roomId != null || type.roomType !== null || ruleSets.some((s) => s.rules.roomTypes?.some((r) => r.typeId === type.id));
    const [templates, exceptions, providerAppointments, locationAppointments, patientAppointments, rooms, patient] = await Promise.all([
      d.setup.listTemplates({ providerId: c.providerId }),
      d.setup.listExceptions({ from, to, providerId: c.providerId, locationId: c.locationId }),
      d.appointments.listRange({ from, to, providerIds: [c.providerId], limit: LIMIT }),
      roomsMatter ? d.appointments.listRange({ from, to, locationId: c.locationId, limit: LIMIT }) : Promise.resolve([] as Appointment[]),
      c.patientId ? d.appointments.listRange({ from, to, patientId: c.patientId, limit: LIMIT }) : Promise.resolve([] as Appointment[]),
      d.setup.listRooms(c.locationId),
      patientById(c.patientId, c.start, location.timeZone),
    ]);
    return {
      candidate: { providerId: c.providerId, locationId: c.locationId, typeId: c.typeId, start: c.start, end, roomId: c.roomId ?? null },
      type,
      types: new Map<string, AppointmentType>([...types.map((t) => [t.id, t] as const), [type.id, type]]),
      provider,
      location,
      patient: await patientFacts(patient, c.start, location.timeZone),
      templates,
      exceptions,
      providerAppointments,
      roomAppointments: locationAppointments.filter((a) => a.roomId !== null),
      patientAppointments,
      rooms,
      rules: ruleSets,
      now,
      override,
      excludeAppointmentId: c.excludeAppointmentId ?? null,
    };
  };

  /** The data of a slot search over local dates [from, to] for providers and/or a location. */
  const slotData = async (q: { from: LocalDate; to: LocalDate; providerIds?: readonly string[] | null; locationId?: string | null; typeId?: string }): Promise<SlotSearchData & { providerList: ProviderSummary[]; locationList: LocationSummary[] }> => {
    const [types, providers, locations, ruleSets, rooms] = await Promise.all([d.setup.listTypes(), d.directory.providers(), d.directory.locations(), d.guidelines.list(), d.setup.listRooms()]);
    const from = `${addDays(q.from, -1)}T00:00:00.000Z`;
    const to = `${addDays(q.to, 2)}T00:00:00.000Z`;
    const templates = q.providerIds && q.providerIds.length > 0
      ? (await Promise.all(q.providerIds.map((providerId) => d.setup.listTemplates({ providerId })))).flat()
      : await d.setup.listTemplates({ locationId: q.locationId ?? undefined });
    const providerIds = [...new Set(templates.map((t) => t.providerId))];
    // Other providers' visits at the location matter only through their rooms.
    const type = 'typeId' in q ? types.find((t) => t.id === q.typeId) : undefined;
    const roomsMatter = !type || type.roomType !== null || ruleSets.some((s) => s.rules.roomTypes?.some((r) => r.typeId === type.id));
    const [exceptions, byProvider, byLocation] = await Promise.all([
      d.setup.listExceptions({ from, to }),
      providerIds.length > 0 ? d.appointments.listRange({ from, to, providerIds, limit: LIMIT }) : Promise.resolve([] as Appointment[]),
      q.locationId && roomsMatter ? d.appointments.listRange({ from, to, locationId: q.locationId, limit: LIMIT }).then((list) => list.filter((a) => a.roomId !== null)) : Promise.resolve([] as Appointment[]),
    ]);
    const appointments = new Map<string, Appointment>();
    for (const a of [...byProvider, ...byLocation]) appointments.set(a.id, a);
    return { types, providers, locations, templates, exceptions, appointments: [...appointments.values()], rooms, ruleSets, providerList: providers, locationList: locations };
  };

  return { candidateContext, slotData, patientFacts, patientById };
};
export type ScheduleReader = ReturnType<typeof createScheduleReader>;
