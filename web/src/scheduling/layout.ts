import type { CalendarAppointment, CalendarData, CalException } from './api.ts';
import { addDays, localToUtcMs, toLocal } from './time.ts';

// Turns the calendar's data into positioned boxes per column: pure, computed once per load.

export type GroupBy = 'provider' | 'room';

export interface GridColumn {
  /** `<date>|<resource id>`; stable across loads. */
  key: string;
  date: string;
  /** The provider or room of the column ('' for visits without a room). */
  resourceId: string;
  /** The provider whose column this is (provider columns only). */
  providerId: string | null;
  label: string;
}

export interface Segment {
  /** Minutes after local midnight. */
  from: number;
  to: number;
}

export interface ExceptionBand extends Segment {
  exception: CalException;
}

export interface ApptBox extends Segment {
  appt: CalendarAppointment;
  lane: number;
  lanes: number;
}

export interface ColumnModel {
  col: GridColumn;
  /** Working hours from the templates; everything else is shaded. Null: no shading (room columns). */
  open: Segment[] | null;
  exceptions: ExceptionBand[];
  appts: ApptBox[];
}

export interface GridModel {
  columns: ColumnModel[];
  dates: string[];
  /** The hours shown, minutes after midnight, on whole hours. */
  startMin: number;
  endMin: number;
}

interface DayBounds {
  date: string;
  start: number;
  end: number;
  /** No clock change that day: minutes are plain elapsed time since midnight. */
  uniform: boolean;
}

const boundsOf = (date: string, zone: string): DayBounds => {
  const start = localToUtcMs(date, 0, zone);
  const end = localToUtcMs(addDays(date, 1), 0, zone);
  return { date, start, end, uniform: end - start === 86_400_000 };
};

/** The part of [start, end) that falls on a local day, in minutes after its midnight; null when none. */
export const clipToDay = (start: string, end: string, day: DayBounds, zone: string): Segment | null => {
  const s = Math.max(Date.parse(start), day.start);
  const e = Math.min(Date.parse(end), day.end);
  if (e <= s) return null;
  const minutesOf = (ms: number): number => (day.uniform ? Math.round((ms - day.start) / 60_000) : toLocal(ms, zone).minutes);
  const from = s <= day.start ? 0 : minutesOf(s);
  const to = e >= day.end ? 24 * 60 : minutesOf(e);
  return { from, to: Math.max(to, from + 5) };
};

/** Side-by-side lanes for overlapping visits (an overbook), so each stays visible and clickable. */
export const assignLanes = (items: { appt: CalendarAppointment; from: number; to: number }[]): ApptBox[] => {
  const sorted = [...items].sort((a, b) => a.from - b.from || b.to - a.to);
  const out: ApptBox[] = [];
  let cluster: ApptBox[] = [];
  let clusterEnd = -1;
  let laneEnds: number[] = [];
  const flush = (): void => {
    for (const b of cluster) b.lanes = laneEnds.length;
    out.push(...cluster);
    cluster = [];
    laneEnds = [];
  };
  for (const it of sorted) {
    if (it.from >= clusterEnd) {
      flush();
      clusterEnd = -1;
    }
    let lane = laneEnds.findIndex((e) => e <= it.from);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(it.to);
    } else laneEnds[lane] = it.to;
    cluster.push({ ...it, lane, lanes: 1 });
    clusterEnd = Math.max(clusterEnd, it.to);
  }
  flush();
  return out;
};

export const dayDates = (from: string, days: number): string[] => Array.from({ length: days }, (_, i) => addDays(from, i));

const indexBy = <T,>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
};

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/** Providers by family name: "Maria Alvarez, MD" sorts under Alvarez. */
const familyKey = (name: string): string => {
  const words = (name.split(',')[0] ?? name).trim().split(/\s+/);
  return `${words[words.length - 1] ?? ''} ${name}`;
};
const byFamily = (a: { name: string }, b: { name: string }): number => familyKey(a.name).localeCompare(familyKey(b.name));

/** The columns, in order: for each day, one per provider (or room). */
export const buildGrid = (data: CalendarData, opts: { groupBy: GroupBy; providerIds: string[]; showCancelled: boolean }): GridModel => {
  const zone = data.timeZone;
  const dates = dayDates(data.from, data.days);
  const appts = data.appointments.filter((a) => opts.showCancelled || a.status !== 'cancelled');
  const providers = [...data.providers].filter((p) => !opts.providerIds.length || opts.providerIds.includes(p.id)).sort(byFamily);
  const providerLocations = new Map(data.providers.map((p) => [p.id, p.locationIds]));

  type Resource = { id: string; label: string; providerId: string | null; locationId: string | null };
  let resources: Resource[];
  if (opts.groupBy === 'provider') resources = providers.map((p) => ({ id: p.id, label: p.name, providerId: p.id, locationId: null }));
  else {
    const locName = new Map(data.locations.map((l) => [l.id, l.name]));
    const several = new Set(data.rooms.map((r) => r.locationId)).size > 1;
    const rooms = [...data.rooms].sort((a, b) => (locName.get(a.locationId) ?? '').localeCompare(locName.get(b.locationId) ?? '') || byName(a, b));
    // Visits without a room first: most visits take whichever exam room is free.
    resources = appts.some((a) => !a.roomId) ? [{ id: '', label: 'No room assigned', providerId: null, locationId: null }] : [];
    resources.push(...rooms.map((r) => ({ id: r.id, label: several ? `${r.name} · ${locName.get(r.locationId) ?? 'other location'}` : r.name, providerId: null, locationId: r.locationId })));
  }

  const blocksByProvider = indexBy(data.blocks, (b) => b.providerId);
  const apptsByResource = indexBy(appts, (a) => (opts.groupBy === 'provider' ? a.providerId : (a.roomId ?? '')));
  const days = dates.map((d) => boundsOf(d, zone));

  let earliest = 8 * 60;
  let latest = 17 * 60;
  const columns: ColumnModel[] = [];
  for (const day of days) {
    const date = day.date;
    for (const r of resources) {
      const col: GridColumn = { key: `${date}|${r.id}`, date, resourceId: r.id, providerId: r.providerId, label: r.label };
      let open: Segment[] | null = null;
      if (r.providerId) {
        open = [];
        for (const b of blocksByProvider.get(r.providerId) ?? []) {
          const seg = clipToDay(b.start, b.end, day, zone);
          if (!seg) continue;
          open.push(seg);
          earliest = Math.min(earliest, seg.from);
          latest = Math.max(latest, seg.to);
        }
      }
      const exceptions: ExceptionBand[] = [];
      // A location's closure shows in a provider's column on the days the provider works there
      // (or, on a day without hours, at any of the provider's locations).
      const workedAt = r.providerId ? new Set((blocksByProvider.get(r.providerId) ?? []).filter((b) => clipToDay(b.start, b.end, day, zone)).map((b) => b.locationId)) : new Set<string>();
      for (const ex of data.exceptions) {
        const applies = r.providerId
          ? (ex.providerId === null || ex.providerId === r.providerId) &&
            (ex.locationId === null || (workedAt.size ? workedAt.has(ex.locationId) : (providerLocations.get(r.providerId) ?? []).includes(ex.locationId)))
          : ex.providerId === null && (ex.locationId === null || ex.locationId === r.locationId);
        if (!applies) continue;
        const seg = clipToDay(ex.start, ex.end, day, zone);
        if (seg) exceptions.push({ ...seg, exception: ex });
      }
      const items: { appt: CalendarAppointment; from: number; to: number }[] = [];
      for (const a of apptsByResource.get(r.id) ?? []) {
        const seg = clipToDay(a.start, a.end, day, zone);
        if (!seg) continue;
        items.push({ appt: a, ...seg });
        earliest = Math.min(earliest, seg.from);
        latest = Math.max(latest, seg.to);
      }
      columns.push({ col, open, exceptions, appts: assignLanes(items) });
    }
  }
  const startMin = Math.max(0, Math.floor(earliest / 60) * 60);
  const endMin = Math.min(24 * 60, Math.ceil(latest / 60) * 60);
  return { columns, dates, startMin, endMin };
};
