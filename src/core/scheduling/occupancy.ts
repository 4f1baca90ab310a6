import type { AppointmentStatus } from './appointment.ts';

/** The calendar's grain: occupancy is claimed in blocks of this many minutes. */
export const BLOCK_MINUTES = 5;
const BLOCK_MS = BLOCK_MINUTES * 60_000;

/** What a booking occupies: the provider, the room (when one is given) and the patient. */
export const ResourceKinds = ['provider', 'room', 'patient'] as const;
export type ResourceKind = (typeof ResourceKinds)[number];

/**
 * Start instants (UTC ISO, canonical `toISOString` form) of every block that [start, end) touches:
 * a visit from 09:02 to 09:17 holds 09:00, 09:05, 09:10 and 09:15. Back-to-back visits share none.
 */
export const blocksOf = (start: string, end: string): string[] => {
  const from = Math.floor(Date.parse(start) / BLOCK_MS) * BLOCK_MS;
  const to = Math.ceil(Date.parse(end) / BLOCK_MS) * BLOCK_MS;
  const out: string[] = [];
  for (let t = from; t < to; t += BLOCK_MS) out.push(new Date(t).toISOString());
  return out;
};

/** One resource an appointment holds. An overbook takes the lowest free extra lane (1..N), never lane 0. */
export interface OccupancyClaim {
  kind: ResourceKind;
  resourceId: string;
  overbook: boolean;
}

/**
 * The claims of a visit. An authorised overbook doubles up the provider and the room, never the
 * patient: one person cannot be in two visits at once, whatever the override.
 */
export const claimsOf = (a: { providerId: string; roomId: string | null; patientId: string }, overbook: boolean): OccupancyClaim[] => [
  { kind: 'provider', resourceId: a.providerId, overbook },
  ...(a.roomId ? [{ kind: 'room' as const, resourceId: a.roomId, overbook }] : []),
  { kind: 'patient', resourceId: a.patientId, overbook: false },
];

/** Allowed status changes; anything else is refused as a failed precondition. */
export const TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  booked: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** True when an appointment in `from` may move to `to`. */
export const canTransition = (from: AppointmentStatus, to: AppointmentStatus): boolean => TRANSITIONS[from].includes(to);

/** Adds minutes to a UTC ISO instant. */
export const plusMinutes = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The canonical UTC form of an ISO instant (with any offset), or null when it does not parse. */
export const canonicalInstant = (iso: string): string | null => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
