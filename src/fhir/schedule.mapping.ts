import { fnv1a64, nameOf, type AppointmentType, type LocationSummary, type ProviderSummary, type WorkingTemplate } from '../core/scheduling/index.ts';
import type { LocalDate } from '../core/shared/index.ts';
import type { CodeableConcept } from './fhir-types.ts';
import { SchedulingSystems, type FhirSchedule } from './scheduling-types.ts';

// FHIR Schedule: one per provider and location where the provider has weekly working templates.
// Not stored: built from the templates, so its id is derived from the two ids.

/** What Schedules are built from: the templates and the reference data they name. */
export interface ScheduleSources {
  templates: readonly WorkingTemplate[];
  providers: readonly ProviderSummary[];
  locations: readonly LocationSummary[];
  types: readonly AppointmentType[];
}

/** A provider at a location, with the id of its Schedule. */
export interface ScheduleKey {
  id: string;
  providerId: string;
  locationId: string;
}

/** The Schedule id of a provider at a location: `sched-` and a 64-bit hash of the two ids (a FHIR id whatever the ids' lengths). */
export const scheduleId = (providerId: string, locationId: string): string => `sched-${fnv1a64(`${providerId}|${locationId}`)}`;

/** An appointment type as a CodeableConcept of the practice's own system (code: its id, text: its name). */
export const appointmentTypeConcept = (typeId: string, type?: Pick<AppointmentType, 'name'>): CodeableConcept =>
  type ? { coding: [{ system: SchedulingSystems.appointmentType, code: typeId, display: type.name }], text: type.name } : { coding: [{ system: SchedulingSystems.appointmentType, code: typeId }] };

/** Every provider-location pair with at least one template, in a stable order (by provider id, then location id). */
export const scheduleKeys = (templates: readonly WorkingTemplate[]): ScheduleKey[] => {
  const seen = new Map<string, ScheduleKey>();
  for (const t of templates) {
    const id = scheduleId(t.providerId, t.locationId);
    if (!seen.has(id)) seen.set(id, { id, providerId: t.providerId, locationId: t.locationId });
  }
  return [...seen.values()].sort((a, b) => (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0));
};

/** True when a provider-location pair matches an `actor` reference (a bare id: either). */
export const keyMatchesActor = (k: ScheduleKey, actor: { type: string | null; id: string } | undefined): boolean =>
  !actor || (actor.type !== 'Location' && k.providerId === actor.id) || (actor.type !== 'Practitioner' && k.locationId === actor.id);

/** The appointment types the templates of these pairs allow, in the types' order (every type when a block allows any). */
export const typesOfKeys = (keys: readonly ScheduleKey[], templates: readonly WorkingTemplate[], types: readonly AppointmentType[]): string[] => {
  const ids = new Set(keys.map((k) => k.id));
  const temps = templates.filter((t) => ids.has(scheduleId(t.providerId, t.locationId)));
  if (temps.some((t) => t.allowedTypeIds === null)) return types.map((t) => t.id);
  const allowed = new Set(temps.flatMap((t) => t.allowedTypeIds ?? []));
  return types.filter((t) => allowed.has(t.id)).map((t) => t.id);
};

/** A template still in force on or after `today`. */
const current = (t: WorkingTemplate, today: LocalDate): boolean => t.effectiveTo === null || t.effectiveTo >= today;

/**
 * One provider at one location as a Schedule. `active` while the provider is active and a
 * template is in force today or later; `serviceType` lists the appointment types those templates
 * allow (every type when a block allows any); `planningHorizon` spans the templates' effective dates.
 */
export const toFhirSchedule = (key: ScheduleKey, s: ScheduleSources, today: LocalDate): FhirSchedule => {
  const temps = s.templates.filter((t) => t.providerId === key.providerId && t.locationId === key.locationId);
  const provider = s.providers.find((p) => p.id === key.providerId);
  const location = s.locations.find((l) => l.id === key.locationId);
  const inForce = temps.filter((t) => current(t, today));
  const basis = inForce.length > 0 ? inForce : temps;
  const anyType = basis.some((t) => t.allowedTypeIds === null);
  const allowed = new Set(basis.flatMap((t) => t.allowedTypeIds ?? []));
  const types = s.types.filter((t) => anyType || allowed.has(t.id)).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const from = temps.map((t) => t.effectiveFrom).sort()[0];
  const ends = temps.map((t) => t.effectiveTo);
  const end = ends.length > 0 && ends.every((e): e is string => e !== null) ? [...ends].sort().at(-1) : undefined;
  const horizon = { ...(from ? { start: from } : {}), ...(end ? { end } : {}) };
  return {
    resourceType: 'Schedule',
    id: key.id,
    active: (provider?.active ?? false) && inForce.length > 0,
    ...(types.length ? { serviceType: types.map((t) => appointmentTypeConcept(t.id, t)) } : {}),
    actor: [
      { reference: `Practitioner/${key.providerId}`, ...(provider ? { display: nameOf(provider) } : {}) },
      { reference: `Location/${key.locationId}`, ...(location ? { display: location.name } : {}) },
    ],
    ...(Object.keys(horizon).length ? { planningHorizon: horizon } : {}),
  };
};

/** Every Schedule of the practice, by provider id then location id. */
export const toFhirSchedules = (s: ScheduleSources, today: LocalDate): FhirSchedule[] => scheduleKeys(s.templates).map((k) => toFhirSchedule(k, s, today));
