import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { ageLabel, formatDate, patientName } from '../shell/format.ts';
import { navigate } from '../shell/router.tsx';
import { errorText } from '../shell/ui.tsx';
import { searchPatients, type Patient } from './api.ts';

type Results = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; patients: Patient[] };

/**
 * The header's patient search: name, date of birth, phone or MRN in one box. Arrow keys move
 * through the matches, Enter opens one, Escape closes the list (ARIA 1.2 combobox pattern).
 */
export const PatientSearchBox = () => {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results>({ status: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);

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

  const openPatient = (p: Patient): void => {
    setQ('');
    setOpen(false);
    setResults({ status: 'idle' });
    inputRef.current?.blur();
    navigate(`/patients/${encodeURIComponent(p.id)}`);
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
      if (p) openPatient(p);
    } else if (e.key === 'Escape') {
      if (open) setOpen(false);
      else setQ('');
    }
  };

  const status =
    results.status === 'loading'
      ? 'Searching…'
      : results.status === 'error'
        ? results.message
        : results.status === 'ok' && !patients.length
          ? 'No patient matches. Check the spelling, or try the date of birth (MM/DD/YYYY), a phone number or the MRN.'
          : results.status === 'ok'
            ? `${patients.length} patient${patients.length === 1 ? '' : 's'} found. Use the arrow keys, then Enter to open.`
            : '';
  const showList = open && results.status !== 'idle';

  return (
    <div className="searchbox" role="search">
      <label htmlFor={id} className="visually-hidden">
        Find a patient by name, date of birth, phone or MRN
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 && patients[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Find a patient: name, date of birth, phone or MRN"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
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
                  onClick={() => openPatient(p)}
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
  );
};
