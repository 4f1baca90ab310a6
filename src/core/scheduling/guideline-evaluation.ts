import type { Room } from './appointment.ts';
import {
  checkBuffers,
  checkExceptions,
  checkPatientConflicts,
  checkProviderConflicts,
  checkRooms,
  checkTemplate,
  freeRooms,
  neededRoomType,
} from './guideline-checks.ts';
import { prepare, type GuidelineContext, type Prepared, type RuleVerdict } from './guideline-context.ts';
import { checkAge, checkHorizon, checkLeadTime, checkNewPatients, checkOverbook, checkPayer } from './guideline-limits.ts';

/**
 * Every guideline verdict for a candidate time: templates, exceptions, conflicts (provider, room,
 * patient), buffers, new-patient limits, lead time, horizon, overbooking, rooms, payers, ages.
 * Returns all of them (not only the first), in the order of `VerdictCodes`; an empty list means
 * the time suits. The same call serves slot search, booking, drag and drop and "why not?".
 */
export const evaluateBooking = (ctx: GuidelineContext): RuleVerdict[] => evaluatePrepared(prepare(ctx));

/** `evaluateBooking` on a prepared context (slot search prepares each day once: see `dayFacts`). */
export const evaluatePrepared = (p: Prepared): RuleVerdict[] => {
  if (!(p.endMs > p.startMs)) throw new RangeError(`evaluateBooking: the candidate ends before it starts (${p.ctx.candidate.start})`);
  const providerConflicts = checkProviderConflicts(p);
  const out: RuleVerdict[] = [];
  for (const found of [
    checkExceptions(p),
    checkTemplate(p),
    providerConflicts,
    checkOverbook(p, providerConflicts.length > 0),
    checkRooms(p),
    checkPatientConflicts(p),
    checkBuffers(p),
    checkNewPatients(p),
    checkLeadTime(p),
    checkHorizon(p),
    checkPayer(p),
    checkAge(p),
  ])
    for (const v of found) out.push(v);
  // The checks run in ORDER already; the stable sort keeps that promise if one is moved.
  return out.length > 1 ? out.sort((a, b) => ORDER[a.code] - ORDER[b.code]) : out;
};

const ORDER = {
  exception: 0,
  outside_template: 1,
  type_not_allowed: 2,
  conflict_provider: 3,
  overbook_limit: 4,
  conflict_room: 5,
  room_required: 6,
  conflict_patient: 7,
  buffer: 8,
  new_patient_limit: 9,
  lead_time: 10,
  horizon: 11,
  payer_not_accepted: 12,
  age_limit: 13,
} as const;

/** True when no verdict blocks (what a booking may go ahead on). */
export const bookable = (verdicts: readonly RuleVerdict[]): boolean => verdicts.every((v) => !v.blocking);

/**
 * The room a booking should take: the chosen one, else the first free room (by name) of the
 * type the appointment type needs, else null (no room needed, or none free: see the verdicts).
 */
export const roomFor = (ctx: GuidelineContext): Room | null => roomForPrepared(prepare(ctx));

/** `roomFor` on a prepared context. */
export const roomForPrepared = (p: Prepared): Room | null => {
  const { candidate, rooms } = p.ctx;
  if (candidate.roomId !== null) return rooms.find((r) => r.id === candidate.roomId) ?? null;
  return neededRoomType(p) === null ? null : (freeRooms(p)[0] ?? null);
};
