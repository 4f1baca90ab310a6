import type { LocalDate } from '../shared/index.ts';
import type { Provider } from '../reference/index.ts';
import { dayBounds, instantToLocal, weekdayOf } from './local-time.ts';

// Words for the sentences of guideline verdicts. Built by hand rather than with
// Intl.DateTimeFormat#format so that a sentence is the same on every ICU build.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DOCTOR_CREDENTIALS = /\b(MD|DO|DDS|DMD|DPM|OD|PHD|PSYD|DC|DNP|AUD)\b/;

/** `14:05` -> `2:05 PM`; `00:00` -> `12:00 AM`. */
export const clockWords = (time: string): string => {
  const h = Number(time.slice(0, 2)) % 24;
  return `${h % 12 === 0 ? 12 : h % 12}:${time.slice(3, 5)} ${h < 12 ? 'AM' : 'PM'}`;
};

/** `2026-03-03` -> `Tue, Mar 3, 2026`. */
export const dateWords = (date: LocalDate): string =>
  `${WEEKDAYS[weekdayOf(date)]}, ${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}, ${date.slice(0, 4)}`;

/** The local clock time of an instant (epoch ms) in a zone, as words: `2:00 PM`. */
export const instantClockWords = (ms: number, timeZone: string): string => clockWords(instantToLocal(ms, timeZone).time);

/** A duration in minutes as words: `15 minutes`, `2 hours`, `1 day`, `90 minutes`. */
export const durationWords = (minutes: number): string => {
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes >= 1440 && minutes % 1440 === 0) return unit(minutes / 1440, 'day');
  if (minutes >= 60 && minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
};

/**
 * A time range in a zone, relative to the local day `on`: `from 2:00 PM to 5:00 PM` within that
 * day, `all day on Tue, Mar 3, 2026` when it covers the day, dates included otherwise.
 */
export const rangeWords = (startMs: number, endMs: number, timeZone: string, on: LocalDate): string => {
  const day = dayBounds(on, timeZone);
  if (startMs <= day.startMs && endMs >= day.endMs) return `all day on ${dateWords(on)}`;
  const a = instantToLocal(startMs, timeZone);
  const b = instantToLocal(endMs, timeZone);
  const endsWithDay = endMs === day.endMs;
  if (a.date === on && (b.date === on || endsWithDay)) return `from ${clockWords(a.time)} to ${clockWords(b.time)}`;
  return `from ${dateWords(a.date)} ${clockWords(a.time)} to ${dateWords(b.date)} ${clockWords(b.time)}`;
};

/** How a sentence names a provider: `Dr. Patel` for doctors, `Ana Ruiz, NP` otherwise. */
export const providerWords = (p: Pick<Provider, 'familyName' | 'givenName' | 'credentials'>): string => {
  const cred = (p.credentials ?? '').toUpperCase().replace(/\./g, '');
  if (DOCTOR_CREDENTIALS.test(cred)) return `Dr. ${p.familyName}`;
  return `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}`;
};

/** `a` or `an` before a word. */
export const article = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);
