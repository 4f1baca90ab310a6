// Local dates and wall-clock times in a location's IANA zone, computed with Intl only.
// A local date is `YYYY-MM-DD`; a time of day is minutes after local midnight.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const partsFormatter = (zone: string): Intl.DateTimeFormat => {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(zone, f);
  }
  return f;
};

interface WallClock {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const wallClock = (ms: number, zone: string): WallClock => {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year!, m: out.month!, d: out.day!, h: out.hour! % 24, mi: out.minute!, s: out.second! };
};

/** The zone's offset from UTC at an instant, in milliseconds (Chicago in winter: -6 h). */
const offsetAt = (ms: number, zone: string): number => {
  const w = wallClock(ms, zone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** The UTC instant (ms) of a wall-clock time; in a spring-forward gap, the time after the gap. */
export const localToUtcMs = (date: string, minutes: number, zone: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const first = guess - offsetAt(guess, zone);
  const second = guess - offsetAt(first, zone);
  return second;
};

export const localToIso = (date: string, minutes: number, zone: string): string => new Date(localToUtcMs(date, minutes, zone)).toISOString();

/** The local date and minutes after local midnight of an instant. */
export const toLocal = (iso: string | number, zone: string): { date: string; minutes: number } => {
  const w = wallClock(typeof iso === 'number' ? iso : Date.parse(iso), zone);
  return { date: `${w.y}-${pad(w.m)}-${pad(w.d)}`, minutes: w.h * 60 + w.mi };
};

/** Today in a zone. */
export const todayIn = (zone: string, now = Date.now()): string => toLocal(now, zone).date;

export const addDays = (date: string, n: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/** 0 Sunday .. 6 Saturday. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The Monday on or before a date (the first day of the week view). */
export const weekStart = (date: string): string => addDays(date, -((weekdayOf(date) + 6) % 7));

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Mon, Mar 4". */
export const shortDay = (date: string): string => {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${DAY_NAMES[weekdayOf(date)]}, ${MONTHS[m - 1]} ${d}`;
};

/** "Monday, March 4, 2025". */
export const longDay = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${DAY_NAMES_LONG[weekdayOf(date)]}, ${MONTHS_LONG[m - 1]} ${d}, ${y}`;
};

/** Minutes after midnight as "9:05 AM". */
export const clockLabel = (minutes: number): string => {
  const h = Math.floor(minutes / 60) % 24;
  const mi = minutes % 60;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(mi)} ${h < 12 ? 'AM' : 'PM'}`;
};

/** Minutes after midnight as `HH:MM` (for <input type="time">). */
export const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** `HH:MM` as minutes after midnight, or null. */
export const parseHhmm = (s: string): number | null => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h < 24 && mi < 60 ? h * 60 + mi : null;
};

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
/** An instant as "9:05 AM" in a zone. */
export const timeIn = (iso: string, zone: string): string => {
  let f = timeFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    timeFormatters.set(zone, f);
  }
  return f.format(new Date(iso));
};

const zoneNameFormatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's short name at an instant: "CST", "CDT". */
export const zoneAbbrev = (zone: string, at: number = Date.now()): string => {
  let f = zoneNameFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    zoneNameFormatters.set(zone, f);
  }
  return f.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? zone;
};

/** "Mon, Mar 4, 9:05 – 9:25 AM CST" for a visit in its zone. */
export const visitWhen = (start: string, end: string, zone: string): string => {
  const s = toLocal(start, zone);
  return `${shortDay(s.date)}, ${timeIn(start, zone)} – ${timeIn(end, zone)} ${zoneAbbrev(zone, Date.parse(start))}`;
};
