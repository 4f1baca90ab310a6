import { cached } from '../shell/session.tsx';
import { loadAppointmentTypes, loadRefLocations, loadRefProviders, type AppointmentType, type RefLocation, type RefProvider } from './api.ts';
import { todayIn } from './time.ts';

// Reference data the queue screens name things with: providers, locations, appointment types.
// Cached for the session (emptied at sign-out); without reference access, ids stay unnamed.

export interface QueueCatalog {
  providers: RefProvider[];
  locations: RefLocation[];
  types: AppointmentType[];
}

export const loadQueueCatalog = async (canReadReference: boolean): Promise<QueueCatalog> => {
  const [providers, locations, types] = await Promise.all([
    canReadReference ? cached('providers', () => loadRefProviders()).catch(() => [] as RefProvider[]) : Promise.resolve([] as RefProvider[]),
    canReadReference ? cached('locations', () => loadRefLocations()).catch(() => [] as RefLocation[]) : Promise.resolve([] as RefLocation[]),
    cached('appointment-types', () => loadAppointmentTypes()),
  ]);
  return { providers: providers.filter((p) => p.active !== false), locations, types };
};

/** "Maria Alvarez, MD"; "another provider" when not in the list. */
export const providerLabel = (c: QueueCatalog, id: string | null | undefined): string => {
  const p = id ? c.providers.find((x) => x.id === id) : undefined;
  return p ? `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}` : id ? 'another provider' : 'any provider';
};

export const typeLabel = (c: QueueCatalog, id: string | null | undefined): string => (id ? (c.types.find((t) => t.id === id)?.name ?? 'Visit') : 'Not given');

export const locationLabel = (c: QueueCatalog, id: string | null | undefined): string => (id ? (c.locations.find((l) => l.id === id)?.name ?? 'Another location') : 'Any location');

/** The zone of a location, else the practice's first location, else the browser's. */
export const zoneOf = (c: QueueCatalog, locationId?: string | null): string =>
  c.locations.find((l) => l.id === locationId)?.timeZone ?? c.locations[0]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Today at the practice (its first location's zone). */
export const practiceToday = (c: QueueCatalog, locationId?: string | null): string => todayIn(zoneOf(c, locationId));

/** Whole days from one local date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** "today", "tomorrow", "in 5 days", "3 days ago". */
export const relativeDays = (n: number): string => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : n === -1 ? 'yesterday' : n > 0 ? `in ${n} days` : `${-n} days ago`);

/** The locations a provider works at, else every location. */
export const locationsFor = (c: QueueCatalog, providerId: string | null | undefined): RefLocation[] => {
  const p = providerId ? c.providers.find((x) => x.id === providerId) : undefined;
  const own = p ? c.locations.filter((l) => p.locationIds.includes(l.id)) : [];
  return own.length ? own : c.locations;
};

/** Providers at a location (every provider when none is chosen), by family name. */
export const providersAt = (c: QueueCatalog, locationId: string | null | undefined): RefProvider[] =>
  c.providers.filter((p) => !locationId || p.locationIds.includes(locationId)).sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
