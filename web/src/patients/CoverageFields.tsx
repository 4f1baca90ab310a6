import { PlanTypes } from '../../../src/core/reference/reference.ts';
import { COVERAGE_ORDER } from '../shell/format.ts';
import { SelectField, TextField } from '../shell/ui.tsx';
import type { Coverage, CoverageInput, Payer } from './api.ts';

/** A coverage as the user types it. */
export interface CoverageForm {
  payerId: string;
  memberId: string;
  groupNumber: string;
  planName: string;
  planType: string;
  priority: string;
  relationship: string;
  subscriberFamily: string;
  subscriberGiven: string;
  subscriberBirthDate: string;
  effectiveDate: string;
  endDate: string;
}

export const emptyCoverage = (priority = 1): CoverageForm => ({
  payerId: '',
  memberId: '',
  groupNumber: '',
  planName: '',
  planType: 'PPO',
  priority: String(priority),
  relationship: 'self',
  subscriberFamily: '',
  subscriberGiven: '',
  subscriberBirthDate: '',
  effectiveDate: '',
  endDate: '',
});

export const coverageFormOf = (c: Coverage): CoverageForm => ({
  payerId: c.payerId,
  memberId: c.memberId,
  groupNumber: c.groupNumber ?? '',
  planName: c.planName ?? '',
  planType: c.planType,
  priority: String(c.priority),
  relationship: c.relationship,
  subscriberFamily: c.subscriber?.familyName ?? '',
  subscriberGiven: c.subscriber?.givenName ?? '',
  subscriberBirthDate: c.subscriber?.birthDate ?? '',
  effectiveDate: c.effectiveDate ?? '',
  endDate: c.endDate ?? '',
});

const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);

export const coverageInputOfForm = (f: CoverageForm, keep?: Coverage): CoverageInput => ({
  payerId: f.payerId,
  memberId: f.memberId.trim(),
  groupNumber: orNull(f.groupNumber),
  planName: orNull(f.planName),
  planType: f.planType as CoverageInput['planType'],
  priority: Number(f.priority),
  relationship: f.relationship as CoverageInput['relationship'],
  subscriberPatientId: keep?.subscriberPatientId ?? null,
  subscriber:
    f.relationship === 'self' || (!f.subscriberFamily.trim() && !f.subscriberGiven.trim())
      ? null
      : { familyName: f.subscriberFamily.trim(), givenName: f.subscriberGiven.trim(), birthDate: orNull(f.subscriberBirthDate) },
  effectiveDate: orNull(f.effectiveDate),
  endDate: orNull(f.endDate),
});

/** Maps a coverage field path (`memberId`, `subscriber.familyName`) to its form field. */
export const coverageKeyOf = (path: string): string => {
  const p = path.replace(/^coverages\[\d+\]\./, '');
  if (p.startsWith('subscriber.familyName')) return 'subscriberFamily';
  if (p.startsWith('subscriber.givenName')) return 'subscriberGiven';
  if (p.startsWith('subscriber')) return 'subscriberFamily';
  return p.split('.')[0]!;
};

interface Props {
  value: CoverageForm;
  payers: Payer[];
  errors: Record<string, string>;
  onChange: (key: keyof CoverageForm, value: string) => void;
  onBlur?: (key: keyof CoverageForm) => void;
  showOrder: boolean;
}

/** The inputs of one insurance coverage. */
export const CoverageFields = ({ value, payers, errors, onChange, onBlur, showOrder }: Props) => {
  const bind = (key: keyof CoverageForm) => ({
    name: key,
    value: value[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => onChange(key, e.target.value),
    onBlur: () => onBlur?.(key),
  });
  return (
    <div className="grid">
      <SelectField label="Payer" required options={[{ value: '', label: 'Choose a payer…' }, ...payers.map((p) => ({ value: p.id, label: p.name }))]} {...bind('payerId')} />
      <TextField label="Member ID" required autoComplete="off" {...bind('memberId')} />
      <TextField label="Group number" autoComplete="off" {...bind('groupNumber')} />
      <TextField label="Plan name" autoComplete="off" {...bind('planName')} />
      <SelectField label="Plan type" required options={PlanTypes.map((t) => ({ value: t, label: t }))} {...bind('planType')} />
      {showOrder && <SelectField label="Order" options={[1, 2, 3].map((n) => ({ value: String(n), label: COVERAGE_ORDER[n]! }))} {...bind('priority')} />}
      <SelectField
        label="Patient is the subscriber's"
        options={[
          { value: 'self', label: 'Self (patient is the subscriber)' },
          { value: 'spouse', label: 'Spouse' },
          { value: 'child', label: 'Child' },
          { value: 'other', label: 'Other dependant' },
        ]}
        {...bind('relationship')}
      />
      {value.relationship !== 'self' && (
        <>
          <TextField label="Subscriber given name" required autoComplete="off" {...bind('subscriberGiven')} />
          <TextField label="Subscriber family name" required autoComplete="off" {...bind('subscriberFamily')} />
          <TextField label="Subscriber date of birth" type="date" {...bind('subscriberBirthDate')} />
        </>
      )}
      <TextField label="Start date" type="date" {...bind('effectiveDate')} />
      <TextField label="End date" type="date" hint="Leave empty if it has no end" {...bind('endDate')} />
    </div>
  );
};
