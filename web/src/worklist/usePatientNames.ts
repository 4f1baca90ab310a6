import { useEffect, useState } from 'react';
import { getPatient } from '../patients/api.ts';
import { ageLabel, formatDate } from '../shell/format.ts';

export interface PatientLabel {
  name: string;
  detail: string;
}

/**
 * Names of the patients of the items on screen (work items carry ids only). Each is one read of
 * the record, audited like any other; a few at a time.
 */
export const usePatientNames = (ids: string[], enabled: boolean): Record<string, PatientLabel | 'unavailable'> => {
  const [names, setNames] = useState<Record<string, PatientLabel | 'unavailable'>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!enabled || !key) return;
    const ctl = new AbortController();
    const todo = key.split(',').filter((id) => !(id in names));
    const next = async (): Promise<void> => {
      while (todo.length && !ctl.signal.aborted) {
        const id = todo.shift()!;
        try {
          const p = await getPatient(id, ctl.signal);
          setNames((n) => ({ ...n, [id]: { name: `${p.familyName}, ${p.givenName}`, detail: `${formatDate(p.birthDate)} (${ageLabel(p.birthDate)}) · MRN ${p.mrn}` } }));
        } catch {
          if (!ctl.signal.aborted) setNames((n) => ({ ...n, [id]: 'unavailable' }));
        }
      }
    };
    void Promise.all([next(), next(), next(), next()]);
    return () => ctl.abort();
    // `names` is read only to skip ids already known.
  }, [key, enabled]);
  return names;
};
