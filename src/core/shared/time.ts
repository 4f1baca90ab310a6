/** A calendar date with no time zone, `YYYY-MM-DD` (dates of birth and of service). */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date in YYYY-MM-DD form (leap days checked). */
export const isLocalDate = (s: string): boolean => {
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (dim[mo - 1] ?? 0);
};

/** The UTC calendar date of an instant. */
export const utcDate = (at: Date): LocalDate => at.toISOString().slice(0, 10);

/** Whole years between a birth date and a date (age on that date). */
export const ageOn = (birthDate: LocalDate, on: LocalDate): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
};

/** Adds whole days to a local date. */
export const addDays = (date: LocalDate, days: number): LocalDate => {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
};
