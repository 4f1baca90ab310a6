import { describe, expect, it } from 'vitest';
import {
  dayBounds,
  formatLocalIso,
  instantToLocal,
  isTimeOfDay,
  isoUtc,
  isTimeZone,
  localDateOf,
  localToUtc,
  resolveLocalTime,
  weekdayOf,
} from './local-time.ts';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';

describe('resolveLocalTime: wall time to UTC', () => {
  it.each([
    // zone, date, time, UTC instant, kind
    [NY, '2026-01-15', '08:00', '2026-01-15T13:00:00.000Z', 'exact'],
    [NY, '2026-07-15', '08:00', '2026-07-15T12:00:00.000Z', 'exact'],
    // spring forward 2026-03-08: 02:00 EST jumps to 03:00 EDT
    [NY, '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z', 'exact'],
    [NY, '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z', 'gap'],
    [NY, '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'gap'], // = 03:30 EDT, moved forward by the 1 h gap
    [NY, '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z', 'exact'],
    [NY, '2026-03-08', '08:00', '2026-03-08T12:00:00.000Z', 'exact'],
    // fall back 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:00-01:59 happen twice
    [NY, '2026-11-01', '00:59', '2026-11-01T04:59:00.000Z', 'exact'],
    [NY, '2026-11-01', '01:00', '2026-11-01T05:00:00.000Z', 'overlap'],
    [NY, '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'overlap'], // the earlier, EDT
    [NY, '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z', 'exact'],
    [NY, '2026-11-01', '08:00', '2026-11-01T13:00:00.000Z', 'exact'],
    // leap day and the end of the day
    [NY, '2028-02-29', '08:00', '2028-02-29T13:00:00.000Z', 'exact'],
    [NY, '2028-02-29', '24:00', '2028-03-01T05:00:00.000Z', 'exact'],
    [LA, '2026-03-08', '02:30', '2026-03-08T10:30:00.000Z', 'gap'],
    [LA, '2026-11-01', '01:30', '2026-11-01T08:30:00.000Z', 'overlap'],
    ['UTC', '2026-03-08', '02:30', '2026-03-08T02:30:00.000Z', 'exact'],
    ['Asia/Kolkata', '2026-03-08', '09:00', '2026-03-08T03:30:00.000Z', 'exact'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z', 'overlap'], // 30-minute fall back: 01:45 +11:00, not +10:30
  ])('%s %s %s -> %s (%s)', (zone, date, time, utc, kind) => {
    const r = resolveLocalTime(date, time, zone);
    expect(new Date(r.ms).toISOString()).toBe(utc);
    expect(r.kind).toBe(kind);
    expect(localToUtc(date, time, zone).toISOString()).toBe(utc);
  });

  it.each([
    ['2026-02-29', '08:00', NY],
    ['2026-03-08', '25:00', NY],
    ['2026-03-08', '8:00', NY],
    ['2026-03-08', '08:00', 'Mars/Olympus'],
  ])('rejects %s %s %s', (date, time, zone) => {
    expect(() => resolveLocalTime(date, time, zone)).toThrow(/Not a|Unknown time zone/);
  });
});

describe('instantToLocal: UTC to wall time', () => {
  it.each([
    ['2026-03-08T06:59:00Z', NY, '2026-03-08', '01:59', 0, -300],
    ['2026-03-08T07:00:00Z', NY, '2026-03-08', '03:00', 0, -240],
    ['2026-11-01T05:30:00Z', NY, '2026-11-01', '01:30', 0, -240],
    ['2026-11-01T06:30:00Z', NY, '2026-11-01', '01:30', 0, -300], // the second 01:30
    ['2026-03-04T03:00:00Z', NY, '2026-03-03', '22:00', 2, -300], // previous local day
    ['2026-03-04T03:00:00Z', LA, '2026-03-03', '19:00', 2, -480],
    ['2028-02-29T04:59:00Z', NY, '2028-02-28', '23:59', 1, -300],
    ['2028-02-29T05:00:00Z', NY, '2028-02-29', '00:00', 2, -300],
    ['2028-03-01T04:59:00Z', NY, '2028-02-29', '23:59', 2, -300],
  ])('%s in %s is %s %s (weekday %i, offset %i)', (utc, zone, date, time, weekday, offset) => {
    expect(instantToLocal(utc, zone)).toMatchObject({ date, time, weekday, offsetMinutes: offset });
    expect(localDateOf(new Date(utc), zone)).toBe(date);
  });

  it.each([
    ['2026-11-01T05:30:00Z', NY, '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T06:30:00Z', NY, '2026-11-01T01:30:00-05:00'],
    ['2026-03-08T03:30:00Z', 'Asia/Kolkata', '2026-03-08T09:00:00+05:30'],
    ['2026-03-08T03:30:00Z', 'UTC', '2026-03-08T03:30:00+00:00'],
  ])('formatLocalIso(%s, %s) = %s', (utc, zone, iso) => {
    expect(formatLocalIso(utc, zone)).toBe(iso);
  });
});

describe('dayBounds: local midnight to midnight', () => {
  it.each([
    [NY, '2026-03-07', '2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', 24],
    [NY, '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    [NY, '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    [NY, '2028-02-29', '2028-02-29T05:00:00.000Z', '2028-03-01T05:00:00.000Z', 24],
    [LA, '2026-03-08', '2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z', 23],
    [NY, '2026-12-31', '2026-12-31T05:00:00.000Z', '2027-01-01T05:00:00.000Z', 24],
    // Havana springs forward at midnight: the day starts at 01:00 CDT
    ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
  ])('%s %s is %s .. %s (%i h)', (zone, date, start, end, hours) => {
    expect(dayBounds(date, zone)).toMatchObject({ start, end, hours });
  });
});

describe('small helpers', () => {
  it.each([
    ['2026-03-08', 0],
    ['2026-03-09', 1],
    ['2028-02-29', 2],
    ['2026-11-01', 0],
  ])('weekdayOf(%s) = %i', (date, weekday) => expect(weekdayOf(date)).toBe(weekday));

  it.each([
    ['00:00', true],
    ['23:59', true],
    ['24:00', true],
    ['24:01', false],
    ['7:00', false],
    ['', false],
  ])('isTimeOfDay(%j) = %s', (s, ok) => expect(isTimeOfDay(s)).toBe(ok));

  it('knows IANA zones', () => {
    expect(isTimeZone(NY)).toBe(true);
    expect(isTimeZone('Nowhere/City')).toBe(false);
  });
});

describe('isoUtc', () => {
  it.each([0, 1, 999, 86_399_999, Date.UTC(2028, 1, 29, 23, 59, 59, 7), Date.UTC(2026, 10, 1, 6, 30), -1, Date.UTC(1969, 11, 31, 12)])(
    'isoUtc(%i) matches Date#toISOString',
    (ms) => expect(isoUtc(ms)).toBe(new Date(ms).toISOString()),
  );
});
