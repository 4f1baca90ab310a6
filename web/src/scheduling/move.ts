import { ApiError } from '../shell/api.ts';
import { errorText } from '../shell/ui.tsx';
import { checkTime, refusalVerdicts, rescheduleAppointment, type Appointment, type Override, type Verdict } from './api.ts';

export interface MoveTo {
  providerId: string;
  start: string;
  end: string;
}

export type MoveOutcome = { kind: 'moved'; appointment: Appointment } | { kind: 'refused'; verdicts: Verdict[]; message: string } | { kind: 'stale'; message: string };

/**
 * Moves (or resizes) a booked visit: the guideline check first, the same one booking uses; a
 * refused time leaves the visit where it was and returns the reasons. With an override, the
 * server checks again and records the override with its reason.
 */
export const moveAppointment = async (a: Appointment, to: MoveTo, override?: Override): Promise<MoveOutcome> => {
  const resized = Date.parse(to.end) - Date.parse(to.start) !== Date.parse(a.end) - Date.parse(a.start);
  if (!override) {
    const check = await checkTime({
      providerId: to.providerId,
      locationId: a.locationId,
      typeId: a.typeId,
      start: to.start,
      end: to.end,
      patientId: a.patientId,
      ...(a.roomId ? { roomId: a.roomId } : {}),
      excludeAppointmentId: a.id,
    });
    if (!check.bookable) return { kind: 'refused', verdicts: check.verdicts, message: 'This time cannot be used.' };
  }
  try {
    const appointment = await rescheduleAppointment(a.id, {
      start: to.start,
      version: a.version,
      ...(resized ? { end: to.end } : {}),
      ...(to.providerId !== a.providerId ? { providerId: to.providerId } : {}),
      ...(override ? { override } : {}),
    });
    return { kind: 'moved', appointment };
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) return { kind: 'stale', message: 'Someone else changed this visit since the calendar was loaded. The calendar is reloaded; check the visit and move it again.' };
    if (e instanceof ApiError && e.status === 409) return { kind: 'refused', verdicts: refusalVerdicts(e) ?? [], message: errorText(e) };
    throw e;
  }
};
