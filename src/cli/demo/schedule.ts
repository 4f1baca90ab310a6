import { systemPrincipal } from '../../core/access/index.ts';
import type { Location, Payer, Provider } from '../../core/reference/index.ts';
import {
  claimsOf,
  localDateOf,
  localToUtcMs,
  weekdayOf,
  type Appointment,
  type AppointmentStatus,
  type AppointmentType,
  type GuidelineRuleSet,
  type Room,
  type ScheduleException,
  type WorkingTemplate,
} from '../../core/scheduling/index.ts';
import { addDays } from '../../core/shared/index.ts';
import type { Container } from '../../server/container.ts';
import type { Prng } from './synthetic.ts';

// The demo practice's calendar: appointment types, rooms, weekly templates, a staff meeting
// blocked every weekday for Dr. Alvarez, a practice holiday, the group's guideline rules, and a
// month of visits around today (two weeks back, two weeks ahead) with some no-shows, recalls,
// referrals, waitlist entries and one overridden booking, so every scheduling worklist kind shows.

type TypeSeed = Omit<AppointmentType, 'id'> & { key: string };
const TYPES: TypeSeed[] = [
  { key: 'new', name: 'New patient visit', durationMinutes: 40, newPatient: true, roomType: null, instructions: 'Arrive 15 minutes early with your insurance card and a list of medicines.', expectedCodes: ['99203'], colour: '#7b61ff', minAgeYears: null, maxAgeYears: null },
  { key: 'follow', name: 'Follow-up', durationMinutes: 20, newPatient: false, roomType: null, instructions: null, expectedCodes: ['99213'], colour: '#2f80ed', minAgeYears: null, maxAgeYears: null },
  { key: 'physical', name: 'Annual physical', durationMinutes: 40, newPatient: null, roomType: null, instructions: 'Fast for 8 hours before the visit if labs are planned.', expectedCodes: ['99396'], colour: '#27ae60', minAgeYears: 18, maxAgeYears: null },
  { key: 'sick', name: 'Sick visit', durationMinutes: 20, newPatient: null, roomType: null, instructions: null, expectedCodes: ['99213'], colour: '#f2994a', minAgeYears: null, maxAgeYears: null },
  { key: 'wellchild', name: 'Well child visit', durationMinutes: 30, newPatient: null, roomType: null, instructions: 'Bring the immunisation record.', expectedCodes: ['99392'], colour: '#56ccf2', minAgeYears: 0, maxAgeYears: 17 },
  { key: 'procedure', name: 'Minor procedure', durationMinutes: 30, newPatient: false, roomType: 'procedure', instructions: 'Wear loose clothing; a driver is not needed.', expectedCodes: ['11102'], colour: '#eb5757', minAgeYears: null, maxAgeYears: null },
];

const DAYS_BACK = 14;
const DAYS_AHEAD = 21;

export interface DemoSchedule {
  types: number;
  appointments: number;
  noShows: number;
}

/** Seeds the calendar of the demo practice (see the comment above); deterministic for a given today and PRNG. */
export const seedDemoSchedule = async (
  c: Container,
  r: Prng,
  parts: { locations: Location[]; providers: Provider[]; payers: Payer[]; patientIds: string[]; children: ReadonlySet<string> },
): Promise<DemoSchedule> => {
  const sys = systemPrincipal('demo-seed');
  const at = c.clock.now().toISOString();
  const nowMs = c.clock.now().getTime();
  const zone = parts.locations[0]!.timeZone;
  const today = localDateOf(nowMs, zone);
  const setup = c.repos.scheduleSetup;
  const types = new Map(TYPES.map(({ key, ...t }) => [key, { ...t, id: c.ids.newId() } as AppointmentType]));
  const type = (key: string): AppointmentType => types.get(key)!;
  const rooms: Room[] = parts.locations.flatMap((l) => [
    ...['Exam 1', 'Exam 2', 'Exam 3', 'Exam 4'].map((name): Room => ({ id: c.ids.newId(), locationId: l.id, name, roomType: 'exam' })),
    { id: c.ids.newId(), locationId: l.id, name: 'Procedure room', roomType: 'procedure' },
  ]);
  const main = parts.locations[0]!;
  const alvarez = parts.providers.find((p) => p.familyName === 'Alvarez')!;
  const pediatric = new Set(parts.providers.filter((p) => p.specialty === 'Pediatrics').map((p) => p.id));
  const from = addDays(today, -60);

  // Weekly templates: a provider at two locations works Mon/Wed/Fri at the first and Tue/Thu at the
  // second; mornings take any type, afternoons no new patients; Dr. Alvarez works straight through
  // with her staff meeting blocked at noon.
  const templates: WorkingTemplate[] = [];
  for (const p of parts.providers)
    for (const [li, locationId] of p.locationIds.entries())
      for (const weekday of [1, 2, 3, 4, 5]) {
        if (p.locationIds.length > 1 && (weekday % 2 === 1) !== (li === 0)) continue;
        const afternoon = [...types.values()].filter((t) => t.newPatient !== true).map((t) => t.id);
        const add = (start: string, end: string, allowed: string[] | null) => templates.push({ id: c.ids.newId(), providerId: p.id, locationId, weekday, start, end, effectiveFrom: from, effectiveTo: null, allowedTypeIds: allowed });
        if (p.id === alvarez.id) add('08:00', '17:00', null);
        else {
          add('08:00', '12:00', null);
          add('13:00', '17:00', afternoon);
        }
      }

  const holiday = '2026-12-25';
  const exceptions: ScheduleException[] = [
    { id: c.ids.newId(), kind: 'holiday', providerId: null, locationId: null, start: new Date(localToUtcMs(holiday, '00:00', zone)).toISOString(), end: new Date(localToUtcMs(addDays(holiday, 1), '00:00', zone)).toISOString(), reason: 'Christmas Day' },
  ];
  for (let d = addDays(today, -DAYS_BACK); d <= addDays(today, DAYS_AHEAD + 30); d = addDays(d, 1)) {
    if (weekdayOf(d) === 0 || weekdayOf(d) === 6) continue;
    exceptions.push({ id: c.ids.newId(), kind: 'blocked', providerId: alvarez.id, locationId: main.id, start: new Date(localToUtcMs(d, '12:00', zone)).toISOString(), end: new Date(localToUtcMs(d, '13:00', zone)).toISOString(), reason: 'Staff meeting' });
  }
  const chen = parts.providers.find((p) => p.familyName === 'Chen');
  if (chen) {
    const off = addDays(today, 9);
    exceptions.push({ id: c.ids.newId(), kind: 'time_off', providerId: chen.id, locationId: null, start: new Date(localToUtcMs(off, '00:00', zone)).toISOString(), end: new Date(localToUtcMs(addDays(off, 2), '00:00', zone)).toISOString(), reason: 'Conference' });
  }

  const medicaid = parts.payers.find((p) => p.planTypes.includes('Medicaid'));
  const patel = parts.providers.find((p) => p.familyName === 'Patel');
  const ruleSets: GuidelineRuleSet[] = [
    {
      id: c.ids.newId(), scope: { level: 'group' }, version: 1, note: 'Group scheduling guidelines',
      rules: { maxNewPatientsPerDay: 4, minLeadTimeMinutes: 60, bookingHorizonDays: 180, maxOverbookPerHour: 1, buffersAfter: [{ typeId: type('procedure').id, minutes: 10 }] },
    },
    ...(patel && medicaid ? [{ id: c.ids.newId(), scope: { level: 'provider' as const, providerId: patel.id }, version: 1, note: 'Panel closed to Medicaid', rules: { payersNotAccepted: [medicaid.id] } }] : []),
  ];

  const kids = parts.patientIds.filter((id) => parts.children.has(id));
  const adults = parts.patientIds.filter((id) => !parts.children.has(id));
  if (kids.length === 0) kids.push(...adults);
  // Nine in ten patients are established: one completed visit with one of the practice's
  // providers half a year to two years ago (so "new patient" rules judge them as a real practice would).
  const history: Appointment[] = [];
  const newcomers: string[] = [];
  const establishedKids: string[] = [];
  const establishedAdults: string[] = [];
  for (const [i, patientId] of parts.patientIds.entries()) {
    const child = parts.children.has(patientId);
    if (i % 10 === 9) {
      if (!child) newcomers.push(patientId);
      continue;
    }
    (child ? establishedKids : establishedAdults).push(patientId);
    const t = templates.filter((x) => pediatric.has(x.providerId) === child)[i % Math.max(1, templates.filter((x) => pediatric.has(x.providerId) === child).length)];
    if (!t) continue;
    let d = addDays(today, -180 - (i * 7) % 540);
    while (weekdayOf(d) !== t.weekday) d = addDays(d, -1);
    const loc = parts.locations.find((l) => l.id === t.locationId)!;
    const s = localToUtcMs(d, t.start, loc.timeZone) + ((i * 20) % 180) * 60_000;
    const ty = type(child ? 'wellchild' : 'physical');
    history.push({
      id: c.ids.newId(), patientId, providerId: t.providerId, locationId: loc.id, roomId: null, typeId: ty.id, start: new Date(s).toISOString(), end: new Date(s + ty.durationMinutes * 60_000).toISOString(),
      timeZone: loc.timeZone, status: 'completed', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1,
    });
  }
  // A month of visits: each provider-day filled about two-thirds, statuses by time.
  const appointments: Appointment[] = [];
  const patientBusy = new Map<string, [number, number][]>();
  const roomBusy = new Map<string, [number, number][]>();
  const free = (m: Map<string, [number, number][]>, key: string, s: number, e: number): boolean => !(m.get(key) ?? []).some(([a, b]) => a < e && s < b);
  const take = (m: Map<string, [number, number][]>, key: string, s: number, e: number): void => void m.set(key, [...(m.get(key) ?? []), [s, e]]);
  const blocked = (providerId: string, s: number, e: number): boolean => exceptions.some((x) => (x.providerId === null || x.providerId === providerId) && Date.parse(x.start) < e && s < Date.parse(x.end));
  let noShows = 0;
  for (let d = addDays(today, -DAYS_BACK); d <= addDays(today, DAYS_AHEAD); d = addDays(d, 1)) {
    for (const t of templates) {
      if (t.weekday !== weekdayOf(d)) continue;
      const loc = parts.locations.find((l) => l.id === t.locationId)!;
      const kinds = pediatric.has(t.providerId) ? ['wellchild', 'sick', 'follow', 'sick'] : ['follow', 'follow', 'sick', 'physical', 'new', 'procedure'];
      let s = localToUtcMs(d, t.start, loc.timeZone);
      const end = localToUtcMs(d, t.end, loc.timeZone);
      while (s < end) {
        let ty = type(r.pick(kinds));
        if (t.allowedTypeIds && !t.allowedTypeIds.includes(ty.id)) ty = type('follow');
        const e = s + ty.durationMinutes * 60_000;
        if (e > end) break;
        if (blocked(t.providerId, s, e) || !r.chance(d < today ? 0.7 : d === today ? 0.75 : Math.max(0.25, 0.7 - 0.02 * (Date.parse(d) - Date.parse(today)) / 86_400_000))) {
          s += 20 * 60_000;
          continue;
        }
        // Pediatricians see children; the others adults (so age limits such as the physical's 18+
        // hold). New-patient visits go to patients without history, the rest to established ones.
        const pool = ty.newPatient === true ? newcomers : pediatric.has(t.providerId) ? establishedKids : establishedAdults;
        const patientId = r.pick(pool.length > 0 ? pool : pediatric.has(t.providerId) ? kids : adults);
        const room = ty.roomType ? rooms.find((x) => x.locationId === loc.id && x.roomType === ty.roomType && free(roomBusy, x.id, s, e)) : undefined;
        if (!free(patientBusy, patientId, s, e) || (ty.roomType && !room)) {
          s = e;
          continue;
        }
        take(patientBusy, patientId, s, e);
        if (room) take(roomBusy, room.id, s, e);
        const status = statusFor(r, s, e, nowMs);
        if (status === 'no_show') noShows++;
        appointments.push({
          id: c.ids.newId(), patientId, providerId: t.providerId, locationId: loc.id, roomId: room?.id ?? null, typeId: ty.id,
          start: new Date(s).toISOString(), end: new Date(e).toISOString(), timeZone: loc.timeZone, status,
          cancelReason: status === 'cancelled' ? 'Patient called to cancel' : null, override: null, referralId: null, rebookedFromId: null, recallId: null,
          createdAt: at, updatedAt: at, version: 1,
        });
        s = e;
      }
    }
  }
  // One visit booked over the guidelines (an overbook with its reason), for the review list.
  const overbookOf = appointments.find((a) => a.status === 'booked' && a.providerId !== alvarez.id && Date.parse(a.start) > nowMs + 2 * 86_400_000);
  if (overbookOf) {
    const patientId = adults.find((id) => free(patientBusy, id, Date.parse(overbookOf.start), Date.parse(overbookOf.end)))!;
    appointments.push({ ...overbookOf, id: c.ids.newId(), patientId, roomId: null, override: { kind: 'overbook', reason: 'Work-in approved by the provider: acute back pain', by: 'demo-seed' } });
  }

  await c.db.uow.run(async () => {
    for (const t of types.values()) await setup.insertType(t);
    for (const room of rooms) await setup.insertRoom(room);
    for (const t of templates) await setup.insertTemplate(t);
    for (const x of exceptions) await setup.insertException(x);
    for (const set of ruleSets) await c.repos.guidelines.insert(set, 'demo-seed', at);
    for (const a of appointments) await c.repos.appointments.insert(a, a.status === 'cancelled' ? [] : claimsOf(a, a.override?.kind === 'overbook'));
    // The history is kept without occupancy rows: it is long past and never rebooked over.
    for (const a of history) await c.repos.appointments.insert(a, []);
  });
  await c.audit.record(sys, { action: 'demo.schedule.seed', category: 'scheduling', outcome: 'success', patientId: null, detail: { appointments: appointments.length, noShows } });

  // The fee schedule of the visit types' expected codes (for patient estimates at check-in).
  for (const [code, description, cents] of [['99203', 'New patient office visit, low complexity', 21000], ['99213', 'Established patient office visit, low complexity', 15000], ['99396', 'Preventive visit, 40-64 years', 25000], ['99392', 'Preventive visit, 1-4 years', 18000], ['11102', 'Tangential biopsy of skin, single lesion', 60000]] as const)
    await c.services.eligibility.setFee(sys, { code, description, amountCents: cents });

  // Queues: recalls coming due, referrals to book, waitlisted patients holding a later visit.
  const q = c.services.schedulingQueues;
  const spare = (establishedAdults.length >= 40 ? establishedAdults : adults).slice(-40);
  for (let i = 0; i < 6; i++) {
    await q.createRecall(sys, { patientId: spare[i]!, typeId: type(i % 2 ? 'physical' : 'follow').id, providerId: null, locationId: main.id, reason: ['Diabetes check (A1c) in 3 months', 'Blood pressure recheck', 'Annual physical due', 'Thyroid follow-up', 'Medication review', 'Cholesterol recheck'][i]!, dueOn: addDays(today, -3 + i * 3) });
  }
  const referrers = [['Dr. Helen Park (cardiology)', 'Chest pain evaluation follow-up'], ['Dr. Omar Reyes (orthopedics)', 'Post-operative knee care'], ['Springfield Urgent Care', 'Persistent cough, new patient'], ['Dr. Lisa Grant (endocrinology)', 'Co-management of type 2 diabetes']] as const;
  for (const [i, [name, reason]] of referrers.entries()) {
    await q.createReferral(sys, { patientId: i === 2 ? (newcomers.at(-1) ?? spare[10 + i]!) : spare[10 + i]!, referringName: name, referringNpi: null, reason, authorizationNumber: i % 2 ? `AUTH-${4410 + i}` : null, visitLimit: i % 2 ? 3 : null, expiresOn: i === 1 ? addDays(today, 10) : addDays(today, 90), receivedOn: addDays(today, -i - 1), typeId: type(i === 2 ? 'new' : 'follow').id, providerId: null });
  }
  const later = appointments.filter((a) => a.status === 'booked' && Date.parse(a.start) > nowMs + 10 * 86_400_000 && !pediatric.has(a.providerId)).slice(0, 3);
  for (const a of later) {
    await q.addToWaitlist(sys, { patientId: a.patientId, typeId: a.typeId, providerId: a.providerId, locationId: a.locationId, earliestOn: today, latestOn: localDateOf(a.start, a.timeZone), currentAppointmentId: a.id, note: 'Would like to come in sooner' });
  }
  return { types: types.size, appointments: appointments.length, noShows };
};

/** A visit's status from its time: past visits mostly completed, some no-shows and cancellations; today's by the clock. */
const statusFor = (r: Prng, s: number, e: number, nowMs: number): AppointmentStatus => {
  if (s > nowMs) return r.chance(0.04) ? 'cancelled' : 'booked';
  if (e > nowMs) return 'checked_in';
  const x = r.next();
  return x < 0.04 ? 'no_show' : x < 0.08 ? 'cancelled' : 'completed';
};

