import { slotId, slotIdStart, type AppointmentType, type Slot } from '../core/scheduling/index.ts';
import { appointmentTypeConcept, scheduleId } from './schedule.mapping.ts';
import type { FhirSlot } from './scheduling-types.ts';

// FHIR Slot: an open slot of the slot search, never stored. Its id is the stable slot id
// (`slot-YYYYMMDDHHMM-<hash of provider, location, type and UTC start>`), so a client can book a
// slot it found minutes earlier; times are shown with the location's UTC offset.

/** An open slot as a free FHIR Slot of its provider's Schedule at that location. */
export const toFhirSlot = (s: Slot, type: Pick<AppointmentType, 'name'> | undefined): FhirSlot => {
  const concept = appointmentTypeConcept(s.typeId, type);
  return {
    resourceType: 'Slot',
    id: s.id,
    serviceType: [concept],
    appointmentType: concept,
    schedule: { reference: `Schedule/${scheduleId(s.providerId, s.locationId)}` },
    status: 'free',
    start: s.localStart,
    end: s.localEnd,
  };
};

/** What a slot id stands for. */
export interface SlotParts {
  providerId: string;
  locationId: string;
  typeId: string;
  /** UTC ISO instant. */
  start: string;
}

/**
 * The provider, location, type and start a slot id was made from, found by hashing every
 * candidate of that minute (the id carries the UTC minute); null when none matches.
 */
export const resolveSlotId = (id: string, pairs: readonly { providerId: string; locationId: string }[], typeIds: readonly string[]): SlotParts | null => {
  const start = slotIdStart(id);
  if (!start) return null;
  for (const p of pairs) for (const typeId of typeIds) if (slotId(p.providerId, p.locationId, typeId, start) === id) return { providerId: p.providerId, locationId: p.locationId, typeId, start };
  return null;
};
