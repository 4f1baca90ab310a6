import { addDays, invalid, isLocalDate, type LocalDate } from '../shared/index.ts';

// Wall time of a location <-> UTC instants for an IANA zone, with the zone rules of the
// runtime's ICU data (Intl.DateTimeFormat): pure and deterministic for a given Node build.
//
// Disambiguation (the same as Temporal's 'compatible'):
// - a wall time inside a spring-forward gap (02:30 on 2026-03-08 in America/New_York) does not
//   exist; it moves forward by the length of the gap (02:30 -> 03:30 EDT, 07:30Z);
// - a wall time inside a fall-back overlap (01:30 on 2026-11-01 in America/New_York) happens
//   twice; it resolves to the earlier instant (01:30 EDT, 05:30Z).

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** True for a wall time `HH:MM` from 00:00 to 23:59, or `24:00` (the end of the day). */
export const isTimeOfDay = (s: string): boolean => TIME_OF_DAY.test(s);

/** Minutes since midnight of a wall time `HH:MM` (`24:00` is 1440). */
export const minutesOfDay = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The wall time `HH:MM` of a number of minutes since midnight (0..1440). */
export const timeOfDay = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Weekday of a calendar date, 0 Sunday .. 6 Saturday (the same everywhere: no zone). */
export const weekdayOf = (date: LocalDate): number =>
  new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).getUTCDay();

// Formatters are costly to build; offsets are cached per zone and UTC day. Both caches are
// memos of pure functions: they change speed, never results.
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayOffsets = new Map<string, Map<number, number | null>>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw invalid(`Unknown time zone ${timeZone}`, [{ path: 'timeZone', message: 'not an IANA time zone' }]);
    }
    formatters.set(timeZone, f);
  }
  return f;
};

/** True when `s` names an IANA time zone the runtime knows. */
export const isTimeZone = (s: string): boolean => {
  try {
    formatterOf(s);
    return true;
  } catch {
    return false;
  }
};

const exactOffsetMs = (ms: number, timeZone: string): number => {
  const p: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
};

/**
 * UTC offset of a zone at an instant, in milliseconds (local = UTC + offset). Cached per UTC day
 * when the offset is the same at both ends of that day (no transition in it); assumes a zone
 * never changes its offset twice within one UTC day.
 */
export const offsetMsAt = (ms: number, timeZone: string): number => {
  const day = Math.floor(ms / DAY_MS);
  let zone = dayOffsets.get(timeZone);
  if (zone === undefined || zone.size > 100_000) dayOffsets.set(timeZone, (zone = new Map()));
  let cached = zone.get(day);
  if (cached === undefined) {
    const a = exactOffsetMs(day * DAY_MS, timeZone);
    cached = a === exactOffsetMs((day + 1) * DAY_MS, timeZone) ? a : null;
    zone.set(day, cached);
  }
  return cached ?? exactOffsetMs(ms, timeZone);
};

/** How a wall time maps to an instant: exactly, moved forward out of a gap, or the earlier of two. */
export type LocalTimeKind = 'exact' | 'gap' | 'overlap';

/** A wall time resolved to a UTC instant (epoch milliseconds) with how it was resolved. */
export interface ResolvedLocalTime {
  ms: number;
  kind: LocalTimeKind;
}

const resolved = new Map<string, Map<string, ResolvedLocalTime>>();

/** Resolves a wall time (date + `HH:MM`, `24:00` = next midnight) in a zone to a UTC instant. */
export const resolveLocalTime = (date: LocalDate, time: string, timeZone: string): ResolvedLocalTime => {
  let zone = resolved.get(timeZone);
  if (zone === undefined || zone.size > 100_000) resolved.set(timeZone, (zone = new Map()));
  const key = `${date}T${time}`;
  let r = zone.get(key);
  if (r === undefined) {
    r = Object.freeze(resolveUncached(date, time, timeZone));
    zone.set(key, r);
  }
  return r;
};

const resolveUncached = (date: LocalDate, time: string, timeZone: string): ResolvedLocalTime => {
  if (!isLocalDate(date)) throw invalid(`Not a date: ${date}`, [{ path: 'date', message: 'use YYYY-MM-DD' }]);
  if (!isTimeOfDay(time)) throw invalid(`Not a time of day: ${time}`, [{ path: 'time', message: 'use HH:MM' }]);
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + minutesOfDay(time) * MINUTE_MS;
  const before = offsetMsAt(wall - DAY_MS, timeZone);
  const after = offsetMsAt(wall + DAY_MS, timeZone);
  const fits = (offset: number): boolean => offsetMsAt(wall - offset, timeZone) === offset;
  const candidates = (before === after ? [before] : [before, after]).filter(fits).map((o) => wall - o);
  if (candidates.length === 0) return { ms: wall - before, kind: 'gap' };
  if (candidates.length === 2) return { ms: Math.min(...candidates), kind: 'overlap' };
  return { ms: candidates[0] ?? wall - before, kind: 'exact' };
};

/** The UTC instant (epoch ms) of a wall time in a zone; gaps move forward, overlaps take the earlier. */
export const localToUtcMs = (date: LocalDate, time: string, timeZone: string): number => resolveLocalTime(date, time, timeZone).ms;

/** The UTC instant of a wall time in a zone, as a Date (see `resolveLocalTime` for DST rules). */
export const localToUtc = (date: LocalDate, time: string, timeZone: string): Date => new Date(localToUtcMs(date, time, timeZone));

/** Wall-clock reading of an instant in a zone. */
export interface LocalReading {
  date: LocalDate;
  /** `HH:MM` (seconds dropped). */
  time: string;
  /** 0 Sunday .. 6 Saturday. */
  weekday: number;
  minutesOfDay: number;
  offsetMinutes: number;
}

const toMs = (at: Date | string | number): number => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime());

/** The local date, time, weekday and UTC offset of an instant in a zone. */
export const instantToLocal = (at: Date | string | number, timeZone: string): LocalReading => {
  const ms = toMs(at);
  const offset = offsetMsAt(ms, timeZone);
  const wall = new Date(ms + offset);
  const minutes = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  return {
    date: wall.toISOString().slice(0, 10),
    time: timeOfDay(minutes),
    weekday: wall.getUTCDay(),
    minutesOfDay: minutes,
    offsetMinutes: Math.round(offset / MINUTE_MS),
  };
};

/** The local calendar date of an instant in a zone. */
export const localDateOf = (at: Date | string | number, timeZone: string): LocalDate => instantToLocal(at, timeZone).date;

/** One local day as UTC instants: [start, end), 23 or 25 hours long on DST days. */
export interface DayBounds {
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  hours: number;
}

/** Local midnight to the next local midnight of a date in a zone (a midnight in a gap moves forward). */
export const dayBounds = (date: LocalDate, timeZone: string): DayBounds => {
  const startMs = localToUtcMs(date, '00:00', timeZone);
  const endMs = localToUtcMs(addDays(date, 1), '00:00', timeZone);
  return { startMs, endMs, start: isoUtc(startMs), end: isoUtc(endMs), hours: (endMs - startMs) / 3_600_000 };
};

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefixes = new Map<number, string>();

/** `Date#toISOString` of epoch ms (`2026-03-08T07:30:00.000Z`), faster for the many instants of a slot search. */
export const isoUtc = (ms: number): string => {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 100_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  const rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  const clock = `${TWO_DIGITS[Math.floor(rest / 3_600_000)]}:${TWO_DIGITS[Math.floor(rest / MINUTE_MS) % 60]}:${TWO_DIGITS[Math.floor(rest / 1000) % 60]}`;
  return `${prefix}${clock}.${milli === 0 ? '000' : String(milli).padStart(3, '0')}Z`;
};

const offsetText = (offsetMs: number): string => {
  const minutes = Math.round(offsetMs / MINUTE_MS);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(abs / 60)]}:${TWO_DIGITS[abs % 60]}`;
};

/** ISO 8601 with the zone's offset, `2026-03-08T08:00:00-04:00` (a valid FHIR instant). */
export const formatLocalIso = (at: Date | string | number, timeZone: string): string => {
  const ms = toMs(at);
  const offset = offsetMsAt(ms, timeZone);
  return `${isoUtc(ms + offset).slice(0, 19)}${offsetText(offset)}`;
};
