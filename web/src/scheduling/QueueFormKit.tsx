import { useRef, useState, type ChangeEvent } from 'react';
import { ageLabel, formatDate, patientName } from '../shell/format.ts';
import { ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { visibleErrors } from '../shell/validate.ts';
import type { PickedPatient } from './PatientPicker.tsx';

// Inline validation for the queue forms, as on the registration form: a field's error shows
// once the user has changed and left it (or after a submit), and the server's field issues land
// on the field.

export const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export const useQueueForm = <K extends string>(initial: Record<K, string>, validate: (v: Record<K, string>) => Partial<Record<K, string>>) => {
  const [values, setValues] = useState<Record<K, string>>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Partial<Record<K, string>>>({});
  const errors = { ...validate(values), ...serverErrors } as Record<string, string>;
  const shown = visibleErrors(errors, touched, submitted > 0);

  // A field left untouched shows its error only after a submit, so leaving an empty field for the
  // submit button does not move the button under the pointer.
  const dirty = useRef(new Set<string>());
  const set = (k: K, v: string): void => {
    dirty.current.add(k);
    setValues((x) => ({ ...x, [k]: v }));
    setServerErrors((e) => {
      const { [k]: _, ...rest } = e;
      return rest as Partial<Record<K, string>>;
    });
  };
  const blur = (k: K): void => {
    if (dirty.current.has(k)) setTouched((t) => (t.has(k) ? t : new Set(t).add(k)));
  };
  /** Props for a TextField, TextArea or SelectField bound to one value. */
  const field = (k: K) => ({
    value: values[k],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(k, e.target.value),
    onBlur: () => blur(k),
    error: shown[k],
  });
  /** Marks the form submitted; true when it may be sent. */
  const submit = (): boolean => {
    setSubmitted((n) => n + 1);
    return Object.keys(errors).length === 0;
  };
  /** The server's field issues on their fields (paths are the API's field names). */
  const serverIssues = (e: unknown, keyOf: (path: string) => K | null): void => {
    if (!(e instanceof ApiError) || !e.issues.length) return;
    const out: Partial<Record<K, string>> = {};
    for (const [path, message] of Object.entries(issuesByPath(e.issues))) {
      const k = keyOf(path);
      if (k && !out[k]) out[k] = message;
    }
    setServerErrors(out);
    setSubmitted((n) => n + 1);
  };
  return { values, set, blur, field, errors, shown, submitted, summary: submitted ? errors : {}, submit, serverIssues };
};

/** A patient record as the picker shows it once chosen. */
export const pickedOf = (p: { id: string; familyName: string; givenName: string; middleName?: string | null; suffix?: string | null; birthDate: string | null; mrn: string }): PickedPatient => ({
  id: p.id,
  name: patientName(p),
  detail: `${formatDate(p.birthDate)} (${ageLabel(p.birthDate)}) · MRN ${p.mrn}`,
});
