import { useMemo, useState, type FormEvent } from 'react';
import type { Location, Payer, Provider } from '../../../src/core/reference/reference.ts';
import { PlanTypes } from '../../../src/core/reference/reference.ts';
import { api } from '../shell/api.ts';
import { AsyncView, errorText, CheckboxGroup, Notice, SelectField, TextField, useAsync } from '../shell/ui.tsx';

// The group's scheduling guidelines, edited by scope (group, location, provider) and saved as a
// new version each time; older versions stay listed as history. Mirrors the server's rule schema
// (src/core/scheduling/guideline-rules.ts); the server validates every field again.

type Scope = { level: 'group' } | { level: 'location'; locationId: string } | { level: 'provider'; providerId: string; locationId?: string | null };
interface TypeMinutes { typeId: string; minutes: number }
interface Rules {
  maxNewPatientsPerDay?: number | null;
  maxNewPatientsPerSession?: number | null;
  buffersAfter?: TypeMinutes[] | null;
  minLeadTimeMinutes?: number | null;
  bookingHorizonDays?: number | null;
  maxOverbookPerHour?: number | null;
  roomTypes?: { typeId: string; roomType: string }[] | null;
  payersNotAccepted?: string[] | null;
  planTypesNotAccepted?: string[] | null;
  ageLimits?: { typeId: string; minAgeYears: number | null; maxAgeYears: number | null }[] | null;
}
interface RuleSet { id: string; scope: Scope; version: number; rules: Rules; note?: string | null }
interface AppointmentType { id: string; name: string }

const scopeKey = (s: Scope): string => (s.level === 'group' ? 'group' : s.level === 'location' ? `location:${s.locationId}` : `provider:${s.providerId}`);
const scopeOf = (key: string): Scope => {
  const [level, id] = key.split(':');
  return level === 'location' ? { level: 'location', locationId: id! } : level === 'provider' ? { level: 'provider', providerId: id! } : { level: 'group' };
};

/** A whole number field kept as text while typed; empty means "inherit". */
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));
const text = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

const NUMBERS = [
  ['maxNewPatientsPerDay', 'New patients per provider per day', 'Most new-patient visits one provider may have on a day'],
  ['maxNewPatientsPerSession', 'New patients per session', 'Per working block (morning or afternoon)'],
  ['minLeadTimeMinutes', 'Minimum notice (minutes)', 'How long before its start a visit may still be booked'],
  ['bookingHorizonDays', 'Booking horizon (days)', 'How far ahead a visit may be booked'],
  ['maxOverbookPerHour', 'Overbooks per hour', 'Authorised double-bookings that may start in one clock hour'],
] as const;

/** The guideline rules editor: one scope at a time, saved as a new version. */
export const SchedulingRules = ({ locations, providers, payers }: { locations: Location[]; providers: Provider[]; payers: Payer[] }) => {
  const data = useAsync(async (signal) => {
    const [rules, types] = await Promise.all([
      api<{ ruleSets: RuleSet[] }>('GET', '/api/scheduling/rules', undefined, { signal }).then((r) => r.ruleSets),
      api<{ types: AppointmentType[] }>('GET', '/api/scheduling/appointment-types', undefined, { signal }).then((r) => r.types),
    ]);
    return { rules, types };
  }, []);
  return (
    <>
      <h2 id="scheduling-rules">Scheduling guidelines</h2>
      <AsyncView value={data} loading="Loading the scheduling guidelines…" errorTitle="The scheduling guidelines could not be loaded">
        {({ rules, types }) => <RulesEditor ruleSets={rules} types={types} locations={locations} providers={providers} payers={payers} onSaved={data.reload} />}
      </AsyncView>
    </>
  );
};

const RulesEditor = ({ ruleSets, types, locations, providers, payers, onSaved }: { ruleSets: RuleSet[]; types: AppointmentType[]; locations: Location[]; providers: Provider[]; payers: Payer[]; onSaved: () => void }) => {
  const [key, setKey] = useState('group');
  // Kept here: the form remounts with the new version after a save, and the confirmation must stay.
  const [saved, setSaved] = useState<string | null>(null);
  const versions = useMemo(() => ruleSets.filter((s) => scopeKey(s.scope) === key).sort((a, b) => b.version - a.version), [ruleSets, key]);
  const current = versions[0];
  return (
    <div className="rules-editor">
      <SelectField
        label="Whose guidelines"
        hint="A location's or a provider's rules replace the group's for the fields they set; empty fields inherit."
        value={key}
        onChange={(e) => (setKey(e.target.value), setSaved(null))}
        options={[
          { value: 'group', label: 'The whole group' },
          ...locations.map((l) => ({ value: `location:${l.id}`, label: `Location: ${l.name}` })),
          ...providers.map((p) => ({ value: `provider:${p.id}`, label: `Provider: ${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}` })),
        ]}
      />
      {saved && <Notice kind="ok">{saved}</Notice>}
      <RulesForm
        key={`${key}:${current?.version ?? 0}`}
        scope={scopeOf(key)}
        current={current}
        types={types}
        payers={payers}
        onSaved={(version) => {
          setSaved(`Saved as version ${version}. Slot search and booking use it from now on.`);
          onSaved();
        }}
      />
      <h3>History</h3>
      {versions.length === 0 ? (
        <p className="hint">No rules saved for this scope yet: it follows the broader ones.</p>
      ) : (
        <ol className="rule-history">
          {versions.map((v) => (
            <li key={v.id}>
              Version {v.version}
              {v.note ? `: ${v.note}` : ''} ({summary(v.rules, types, payers)})
            </li>
          ))}
        </ol>
      )}
    </div>
  );
};

/** A one-line summary of a version's rules for the history list. */
const summary = (r: Rules, types: AppointmentType[], payers: Payer[]): string => {
  const typeName = (id: string): string => types.find((t) => t.id === id)?.name ?? 'a type';
  const parts: string[] = [];
  for (const [field, label] of NUMBERS) if (r[field] !== null && r[field] !== undefined) parts.push(`${label.toLowerCase()}: ${r[field]}`);
  for (const b of r.buffersAfter ?? []) parts.push(`${b.minutes} min after ${typeName(b.typeId)}`);
  for (const x of r.roomTypes ?? []) parts.push(`${typeName(x.typeId)} in a ${x.roomType} room`);
  for (const a of r.ageLimits ?? []) parts.push(`${typeName(a.typeId)} for ages ${a.minAgeYears ?? 0} to ${a.maxAgeYears ?? 'any'}`);
  if (r.payersNotAccepted?.length) parts.push(`not taking ${r.payersNotAccepted.map((id) => payers.find((p) => p.id === id)?.name ?? id).join(', ')}`);
  if (r.planTypesNotAccepted?.length) parts.push(`not taking ${r.planTypesNotAccepted.join(', ')} plans`);
  return parts.join('; ') || 'no rules';
};

const RulesForm = ({ scope, current, types, payers, onSaved }: { scope: Scope; current: RuleSet | undefined; types: AppointmentType[]; payers: Payer[]; onSaved: (version: number) => void }) => {
  const r = current?.rules ?? {};
  const [numbers, setNumbers] = useState<Record<string, string>>(Object.fromEntries(NUMBERS.map(([f]) => [f, text(r[f])])));
  const [buffers, setBuffers] = useState<Record<string, string>>(Object.fromEntries((r.buffersAfter ?? []).map((b) => [b.typeId, String(b.minutes)])));
  const [rooms, setRooms] = useState<Record<string, string>>(Object.fromEntries((r.roomTypes ?? []).map((x) => [x.typeId, x.roomType])));
  const [ages, setAges] = useState<Record<string, { min: string; max: string }>>(Object.fromEntries((r.ageLimits ?? []).map((a) => [a.typeId, { min: text(a.minAgeYears), max: text(a.maxAgeYears) }])));
  const [payersOut, setPayersOut] = useState<string[]>(r.payersNotAccepted ?? []);
  const [plansOut, setPlansOut] = useState<string[]>(r.planTypesNotAccepted ?? []);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    for (const [f, label] of NUMBERS) {
      const v = num(numbers[f] ?? '');
      if (v !== null && (!Number.isInteger(v) || v < 0)) bad[f] = `${label}: a whole number of 0 or more, or empty to inherit`;
    }
    for (const [typeId, m] of Object.entries(buffers)) if (m.trim() !== '' && !(Number.isInteger(Number(m)) && Number(m) >= 1 && Number(m) <= 480)) bad[`buffer:${typeId}`] = 'Minutes between 1 and 480, or empty';
    const age = (v: string): number | null => num(v);
    for (const [typeId, a] of Object.entries(ages)) {
      for (const [k, v] of [['min', a.min], ['max', a.max]] as const) {
        const n = age(v);
        if (n !== null && !(Number.isInteger(n) && n >= 0 && n <= 130)) bad[`age-${k}:${typeId}`] = 'Whole years from 0 to 130, or empty';
      }
      const [lo, hi] = [age(a.min), age(a.max)];
      if (lo !== null && hi !== null && lo > hi && !bad[`age-max:${typeId}`]) bad[`age-max:${typeId}`] = 'Not below the minimum age';
    }
    for (const [typeId, v] of Object.entries(rooms)) if (v.trim().length > 40) bad[`room:${typeId}`] = 'At most 40 characters';
    setErrors(bad);
    if (Object.keys(bad).length > 0) return;
    const rules: Rules = { ...r };
    for (const [f] of NUMBERS) rules[f] = num(numbers[f] ?? '');
    rules.buffersAfter = Object.entries(buffers).filter(([, m]) => m.trim() !== '').map(([typeId, m]) => ({ typeId, minutes: Number(m) }));
    rules.roomTypes = Object.entries(rooms).filter(([, v]) => v.trim() !== '').map(([typeId, v]) => ({ typeId, roomType: v.trim() }));
    rules.ageLimits = Object.entries(ages).filter(([, a]) => a.min.trim() !== '' || a.max.trim() !== '').map(([typeId, a]) => ({ typeId, minAgeYears: num(a.min), maxAgeYears: num(a.max) }));
    rules.payersNotAccepted = payersOut.length ? payersOut : null;
    rules.planTypesNotAccepted = plansOut.length ? plansOut : null;
    setBusy(true);
    try {
      const saved = await api<RuleSet>('POST', '/api/scheduling/rules', { scope, rules, note: note.trim() || null, baseVersion: current?.version ?? 0 });
      setOutcome(null);
      onSaved(saved.version);
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="rules-form" onSubmit={submit} noValidate aria-label="Scheduling guidelines">
      <p className="hint">{current ? `Editing version ${current.version}.` : 'No rules yet for this scope.'} Saving makes a new version.</p>
      <div className="form-grid">
        {NUMBERS.map(([f, label, hint]) => (
          <TextField key={f} label={label} hint={hint} inputMode="numeric" value={numbers[f] ?? ''} error={errors[f]} onChange={(e) => setNumbers({ ...numbers, [f]: e.target.value })} />
        ))}
      </div>
      <fieldset className="buffers">
        <legend>Per appointment type (empty: inherit, or the type's own setting)</legend>
        {types.map((t) => {
          const a = ages[t.id] ?? { min: '', max: '' };
          return (
            <div key={t.id} className="form-grid rule-type-row" role="group" aria-label={t.name}>
              <TextField label={`${t.name}: minutes kept free after`} inputMode="numeric" value={buffers[t.id] ?? ''} error={errors[`buffer:${t.id}`]} onChange={(e) => setBuffers({ ...buffers, [t.id]: e.target.value })} />
              <TextField label={`${t.name}: needs a room of type`} value={rooms[t.id] ?? ''} error={errors[`room:${t.id}`]} onChange={(e) => setRooms({ ...rooms, [t.id]: e.target.value })} />
              <TextField label={`${t.name}: youngest age`} inputMode="numeric" value={a.min} error={errors[`age-min:${t.id}`]} onChange={(e) => setAges({ ...ages, [t.id]: { ...a, min: e.target.value } })} />
              <TextField label={`${t.name}: oldest age`} inputMode="numeric" value={a.max} error={errors[`age-max:${t.id}`]} onChange={(e) => setAges({ ...ages, [t.id]: { ...a, max: e.target.value } })} />
            </div>
          );
        })}
      </fieldset>
      {scope.level === 'provider' && (
        <>
          <CheckboxGroup label="Payers this provider does not take" options={payers.map((p) => ({ value: p.id, label: p.name }))} value={payersOut} onChange={setPayersOut} />
          <CheckboxGroup label="Plan types this provider does not take" options={PlanTypes.map((p) => ({ value: p, label: p }))} value={plansOut} onChange={setPlansOut} />
        </>
      )}
      <TextField label="What changed (for the history)" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <button className="btn primary" type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save as a new version'}
      </button>
    </form>
  );
};
