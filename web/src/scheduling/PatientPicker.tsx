import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { searchPatients, type Patient } from '../patients/api.ts';
import { ageLabel, formatDate, patientName } from '../shell/format.ts';
import { errorText } from '../shell/ui.tsx';

export interface PickedPatient {
  id: string;
  name: string;
  detail: string;
}

type Results = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; patients: Patient[] };

/**
 * Choose a patient for a booking: the header search's combobox (same search API, terms in the
 * POST body), but Enter picks the patient instead of opening the record.
 */
export const PatientPicker = ({ value, onChange, error }: { value: PickedPatient | null; onChange: (p: PickedPatient | null) => void; error?: string }) => {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results>({ status: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  // Closing on blur waits for a click on an option; focus coming back cancels it.
  const closing = useRef(0);
  const keepOpen = (): void => {
    window.clearTimeout(closing.current);
    setOpen(true);
  };
  useEffect(() => () => window.clearTimeout(closing.current), []);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setResults({ status: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setResults({ status: 'loading' });
    const t = window.setTimeout(() => {
      searchPatients({ q: text, limit: 8 }, ctl.signal).then(
        (patients) => {
          setResults({ status: 'ok', patients });
          setActive(patients.length ? 0 : -1);
        },
        (e: unknown) => !ctl.signal.aborted && setResults({ status: 'error', message: errorText(e) }),
      );
    }, 250);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [q]);

  const patients = results.status === 'ok' ? results.patients : [];
  const pick = (p: Patient): void => {
    onChange({ id: p.id, name: patientName(p), detail: `${formatDate(p.birthDate)} (${ageLabel(p.birthDate)}) · MRN ${p.mrn}` });
    setQ('');
    setOpen(false);
    setResults({ status: 'idle' });
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      if (patients.length) setActive((a) => (a + 1) % patients.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (patients.length) setActive((a) => (a <= 0 ? patients.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const p = patients[active] ?? patients[0];
      if (p) pick(p);
    } else if (e.key === 'Escape' && open) {
      // Close the list, not the dialog.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  if (value)
    return (
      <div className="field picked-patient">
        <span className="label-text">Patient</span>
        <p className="picked">
          <strong>{value.name}</strong> <span className="muted">{value.detail}</span>
          <button
            type="button"
            className="btn small"
            onClick={() => {
              onChange(null);
              window.setTimeout(() => inputRef.current?.focus(), 0);
            }}
          >
            Change patient
          </button>
        </p>
      </div>
    );

  const status =
    results.status === 'loading'
      ? 'Searching…'
      : results.status === 'error'
        ? results.message
        : results.status === 'ok' && !patients.length
          ? 'No patient matches. Check the spelling, or try the date of birth (MM/DD/YYYY), a phone number or the MRN.'
          : results.status === 'ok'
            ? `${patients.length} patient${patients.length === 1 ? '' : 's'} found. Use the arrow keys, then Enter to choose.`
            : '';
  const showList = open && results.status !== 'idle';

  return (
    <div className={`field patient-picker ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>
        Patient<span className="req"> (required)</span>
      </label>
      <div className="searchbox">
        <input
          id={id}
          ref={inputRef}
          type="search"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : `${id}-hint`}
          aria-activedescendant={showList && active >= 0 && patients[active] ? `${listId}-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Name, date of birth, phone or MRN"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            keepOpen();
          }}
          onFocus={keepOpen}
          onBlur={() => {
            closing.current = window.setTimeout(() => setOpen(false), 150);
          }}
          onKeyDown={onKey}
        />
        <p className="visually-hidden" role="status" aria-live="polite">
          {showList ? status : ''}
        </p>
        {showList && (
          <div className="search-popup">
            {patients.length > 0 ? (
              <ul id={listId} role="listbox" aria-label="Matching patients">
                {patients.map((p, i) => (
                  <li
                    key={p.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'active' : ''}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => pick(p)}
                    onMouseEnter={() => setActive(i)}
                  >
                    <span className="result-name">{patientName(p)}</span>
                    <span className="result-meta">
                      {formatDate(p.birthDate)} ({ageLabel(p.birthDate)}) · MRN {p.mrn}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p id={listId} className={`search-status ${results.status === 'error' ? 'error' : ''}`}>
                {status}
              </p>
            )}
          </div>
        )}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      ) : (
        <p className="hint" id={`${id}-hint`}>
          Type at least two characters.
        </p>
      )}
    </div>
  );
};
