import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { ApiError } from '../shell/api.ts';
import { Dialog, Empty, ErrorSummary, Notice, SelectField, TextField, errorText } from '../shell/ui.tsx';
import { updatePatient, type Patient } from './api.ts';
import { StaleNotice } from './StaleNotice.tsx';
import { fieldErrors } from '../shell/validate.ts';

export interface ListField {
  key: string;
  label: string;
  required?: boolean;
  type?: 'text' | 'date' | 'email' | 'tel';
  options?: { value: string; label: string }[];
  hint?: string;
}

export interface RecordListProps<T> {
  patient: Patient;
  readOnly: boolean;
  onSaved: (p: Patient) => void;
  onReload: () => void;
  /** The patient field holding the list. */
  field: 'chronicConditions' | 'allergies' | 'careTeam';
  title: string;
  noun: string;
  empty: string;
  schema: z.ZodType<T>;
  fields: ListField[];
  /** One line per item for the list. */
  describe: (item: T) => ReactNode;
  /** The accessible name of an item ("Penicillin"). */
  nameOf: (item: T) => string;
}

type Form = Record<string, string>;

const formOfItem = (fields: ListField[], item: Record<string, unknown> | null): Form =>
  Object.fromEntries(fields.map((f) => [f.key, item && item[f.key] != null ? String(item[f.key]) : '']));

const itemOfForm = (fields: ListField[], form: Form): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f.key, form[f.key]!.trim() ? form[f.key]!.trim() : f.required ? '' : null]));

/**
 * A part of the record kept as a list (conditions, allergies, care team): add, edit and remove
 * items, each saved as an update of the whole list with the version read.
 */
export const RecordList = <T,>(props: RecordListProps<T>) => {
  const { patient, readOnly, onSaved, onReload, field, title, noun, empty, schema, fields, describe, nameOf } = props;
  const items = patient[field] as unknown as T[];
  const [editing, setEditing] = useState<{ index: number | null; form: Form } | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [submitted, setSubmitted] = useState(0);
  const [result, setResult] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (next: T[], done: string): Promise<boolean> => {
    setBusy(true);
    setResult(null);
    try {
      onSaved(await updatePatient(patient.id, { [field]: next, version: patient.version }));
      setResult({ kind: 'ok', text: done });
      return true;
    } catch (e) {
      setResult(e instanceof ApiError && e.status === 412 ? { kind: 'stale', text: '' } : { kind: 'error', text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const parsed = editing ? schema.safeParse(itemOfForm(fields, editing.form)) : null;
  const errors = parsed && !parsed.success ? fieldErrors(parsed.error.issues, (p) => p.split('.')[0]!, editing!.form) : {};

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!editing || !parsed) return;
    setSubmitted((n) => n + 1);
    if (!parsed.success) return;
    const next = editing.index === null ? [...items, parsed.data] : items.map((it, i) => (i === editing.index ? parsed.data : it));
    if (await save(next, editing.index === null ? `The ${noun} was added.` : `The ${noun} is saved.`)) {
      setEditing(null);
      setSubmitted(0);
    }
  };

  const open = (index: number | null): void => {
    setEditing({ index, form: formOfItem(fields, index === null ? null : (items[index] as Record<string, unknown>)) });
    setSubmitted(0);
    setResult(null);
  };

  return (
    <div>
      <div className="section-head">
        <h2>{title}</h2>
        {!readOnly && !editing && (
          <button className="btn primary" type="button" onClick={() => open(null)}>
            Add {noun}
          </button>
        )}
      </div>
      {result?.kind === 'stale' ? <StaleNotice onReload={onReload} /> : result && <Notice kind={result.kind === 'ok' ? 'ok' : 'error'}>{result.text}</Notice>}
      {editing && (
        <form className="form card editor" onSubmit={submit} noValidate aria-label={editing.index === null ? `Add ${noun}` : `Edit ${noun}`}>
          <h3>{editing.index === null ? `Add ${noun}` : `Edit ${noun}`}</h3>
          <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
          <div className="grid">
            {fields.map((f) => {
              const common = {
                label: f.label,
                required: f.required,
                hint: f.hint,
                name: f.key,
                value: editing.form[f.key] ?? '',
                error: submitted ? errors[f.key] : undefined,
                onChange: (e: { target: { value: string } }) => setEditing((ed) => ed && { ...ed, form: { ...ed.form, [f.key]: e.target.value } }),
              };
              return f.options ? <SelectField key={f.key} {...common} options={f.options} /> : <TextField key={f.key} {...common} type={f.type ?? 'text'} autoComplete="off" />;
            })}
          </div>
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy}>
              {busy ? 'Saving…' : editing.index === null ? `Add ${noun}` : 'Save'}
            </button>
            <button className="btn" type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="rows">
          {items.map((it, i) => (
            <li key={i} className="row">
              <div className="row-main">{describe(it)}</div>
              {!readOnly && (
                <div className="actions">
                  <button className="btn small" type="button" disabled={busy} onClick={() => open(i)} aria-label={`Edit ${nameOf(it)}`}>
                    Edit
                  </button>
                  <button className="btn small danger-outline" type="button" disabled={busy} onClick={() => setRemoving(i)} aria-label={`Remove ${nameOf(it)}`}>
                    Remove
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={removing !== null} title={`Remove this ${noun}?`} onClose={() => setRemoving(null)}>
        {removing !== null && items[removing] !== undefined && (
          <>
            <p>“{nameOf(items[removing])}” will be removed from the record. The change is kept in the record’s history.</p>
            <div className="actions">
              <button
                className="btn danger"
                type="button"
                onClick={() => {
                  const i = removing;
                  setRemoving(null);
                  void save(
                    items.filter((_, j) => j !== i),
                    `The ${noun} was removed.`,
                  );
                }}
              >
                Remove
              </button>
              <button className="btn" type="button" onClick={() => setRemoving(null)} autoFocus>
                Keep it
              </button>
            </div>
          </>
        )}
      </Dialog>
    </div>
  );
};
