import type { Room, ScheduleException } from './appointment.ts';
import { typeName, verdict, type Prepared, type RuleVerdict, type TimedAppointment } from './guideline-context.ts';
import { article, clockWords, dateWords, instantClockWords, rangeWords } from './schedule-words.ts';

// Calendar checks: where the provider works, what is closed, what is taken. Each returns the
// verdicts it finds (empty when the time is fine), in a fixed order.

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean => aStart < bEnd && bStart < aEnd;

const span = (p: Prepared, startMs: number, endMs: number): string => rangeWords(startMs, endMs, p.zone, p.date);

/** Holidays, time off and blocked time that overlap the candidate. */
export const checkExceptions = (p: Prepared): RuleVerdict[] => {
  const { candidate: c, exceptions } = p.ctx;
  const out: RuleVerdict[] = [];
  for (const e of exceptions) {
    if ((e.providerId !== null && e.providerId !== c.providerId) || (e.locationId !== null && e.locationId !== c.locationId)) continue;
    const s = Date.parse(e.start);
    const t = Date.parse(e.end);
    if (!overlaps(p.startMs, p.endMs, s, t)) continue;
    // Time off and holidays mean nobody is there; blocked time may be released by a rule exception.
    out.push(verdict(p, 'exception', exceptionSentence(p, e, span(p, s, t)), e.kind === 'blocked' ? 'rule_exception' : null));
  }
  return out;
};

const exceptionSentence = (p: Prepared, e: ScheduleException, range: string): string => {
  const why = e.reason ? ` (${e.reason})` : '';
  if (e.kind === 'time_off') return `${p.who} is on time off ${range}${why}.`;
  if (e.kind === 'blocked') return `${p.who}'s time is blocked ${range}${why}.`;
  if (e.providerId !== null) return `${p.who} is off for a holiday ${range}${why}.`;
  const place = e.locationId !== null ? p.ctx.location.name : 'The practice';
  return `${place} is closed for a holiday ${range}${why}.`;
};

/** The candidate lies inside a working block that allows its type, for a patient the type is for. */
export const checkTemplate = (p: Prepared): RuleVerdict[] => {
  const { type, patient, location } = p.ctx;
  const out: RuleVerdict[] = [];
  const inside = p.blocks.filter((b) => b.startMs <= p.startMs && p.endMs <= b.endMs);
  if (inside.length === 0) {
    const hours = p.blocks.map((b) => `${clockWords(b.template.start)} to ${clockWords(b.template.end)}`).join(' and ');
    const sentence =
      p.blocks.length === 0
        ? `${p.who} does not work at ${location.name} on ${dateWords(p.date)}.`
        : `${p.who} works at ${location.name} ${hours} on ${dateWords(p.date)}; ${span(p, p.startMs, p.endMs).replace(/^from /, '')} is outside those hours.`;
    out.push(verdict(p, 'outside_template', sentence, 'rule_exception'));
  } else if (!inside.some((b) => b.template.allowedTypeIds === null || b.template.allowedTypeIds.includes(type.id))) {
    const b = inside[0]!;
    const allowed = (b.template.allowedTypeIds ?? []).map((id) => typeName(p, id)).join(', ');
    const sentence = `${type.name} is not booked in ${p.who}'s ${clockWords(b.template.start)} to ${clockWords(b.template.end)} block${allowed ? ` (allowed: ${allowed})` : ''}.`;
    out.push(verdict(p, 'type_not_allowed', sentence, 'rule_exception'));
  }
  if (patient && type.newPatient !== null && patient.isNew !== type.newPatient) {
    const sentence = `${type.name} is for ${type.newPatient ? 'new' : 'established'} patients only.`;
    out.push(verdict(p, 'type_not_allowed', sentence, 'rule_exception'));
  }
  return out;
};

/** Visits of the provider (at any location) that overlap the candidate. */
export const checkProviderConflicts = (p: Prepared): RuleVerdict[] =>
  p.providerAppointments
    .filter((x) => overlaps(p.startMs, p.endMs, x.startMs, x.endMs))
    .map((x) => {
      const where = x.a.locationId === p.ctx.location.id ? '' : ' at another location';
      const sentence = `${p.who} already has ${article(typeName(p, x.a.typeId))}${where} ${span(p, x.startMs, x.endMs)}.`;
      return verdict(p, 'conflict_provider', sentence, 'overbook', x.a.id);
    });

/** The room type the candidate needs: a rule's, else the type's own, else none. */
export const neededRoomType = (p: Prepared): string | null => p.g.roomTypeFor.get(p.ctx.type.id) ?? p.ctx.type.roomType;

const busyIn = (p: Prepared, roomTimes: TimedAppointment[], room: Room): TimedAppointment[] =>
  roomTimes.filter((x) => x.a.roomId === room.id && overlaps(p.startMs, p.endMs, x.startMs, x.endMs));

/** The rooms of the needed type at the location that are free for the candidate, by name. */
export const freeRooms = (p: Prepared): Room[] => {
  const needed = neededRoomType(p);
  const roomTimes = p.roomAppointments;
  return p.ctx.rooms
    .filter((r) => r.locationId === p.ctx.location.id && (needed === null || r.roomType === needed))
    .filter((r) => busyIn(p, roomTimes, r).length === 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
};

/** A chosen room: at the location, of the needed type, free. Without one: a free room must exist. */
export const checkRooms = (p: Prepared): RuleVerdict[] => {
  const { candidate: c, type, location, rooms } = p.ctx;
  const needed = neededRoomType(p);
  if (c.roomId !== null) {
    const room = rooms.find((r) => r.id === c.roomId);
    if (!room || room.locationId !== location.id) return [verdict(p, 'room_required', `The chosen room is not at ${location.name}.`, null)];
    if (needed !== null && room.roomType !== needed)
      return [verdict(p, 'room_required', `${type.name} needs ${article(needed)} room; ${room.name} is ${article(room.roomType)} room.`, null)];
    return busyIn(p, p.roomAppointments, room).map((x) =>
      verdict(p, 'conflict_room', `${room.name} is taken ${span(p, x.startMs, x.endMs)}.`, null, x.a.id),
    );
  }
  if (needed === null) return [];
  if (!rooms.some((r) => r.locationId === location.id && r.roomType === needed))
    return [verdict(p, 'room_required', `${type.name} needs ${article(needed)} room and ${location.name} has none.`, null)];
  if (freeRooms(p).length > 0) return [];
  return [verdict(p, 'conflict_room', `Every ${needed} room at ${location.name} is taken ${span(p, p.startMs, p.endMs)}.`, null)];
};

/** Other visits of the same patient at an overlapping time. */
export const checkPatientConflicts = (p: Prepared): RuleVerdict[] => {
  const patientId = p.ctx.patient?.patientId ?? null;
  return p.patientAppointments
    .filter((x) => (patientId === null || x.a.patientId === patientId) && overlaps(p.startMs, p.endMs, x.startMs, x.endMs))
    .map((x) => verdict(p, 'conflict_patient', `The patient already has an appointment ${span(p, x.startMs, x.endMs)}.`, null, x.a.id));
};

/** Buffers: after an earlier visit of a buffered type, and after the candidate if its type has one. */
export const checkBuffers = (p: Prepared): RuleVerdict[] => {
  const out: RuleVerdict[] = [];
  const own = p.g.bufferAfterMinutes.get(p.ctx.type.id) ?? 0;
  for (const x of p.providerAppointments) {
    const before = p.g.bufferAfterMinutes.get(x.a.typeId) ?? 0;
    if (before > 0 && x.endMs <= p.startMs && p.startMs < x.endMs + before * 60_000) {
      const until = instantClockWords(x.endMs + before * 60_000, p.zone);
      const sentence = `${p.who} keeps ${before} minutes free after ${article(typeName(p, x.a.typeId))} that ends at ${instantClockWords(x.endMs, p.zone)} (until ${until}).`;
      out.push(verdict(p, 'buffer', sentence, 'rule_exception'));
    }
    if (own > 0 && p.endMs <= x.startMs && x.startMs < p.endMs + own * 60_000) {
      const sentence = `${p.ctx.type.name} needs ${own} minutes free after it, and ${p.who} has ${article(typeName(p, x.a.typeId))} at ${instantClockWords(x.startMs, p.zone)}.`;
      out.push(verdict(p, 'buffer', sentence, 'rule_exception'));
    }
  }
  return out;
};
