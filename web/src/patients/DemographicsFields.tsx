import { SEX_LABELS } from '../shell/format.ts';
import { SelectField, TextField } from '../shell/ui.tsx';
import type { DemographicsForm } from './demographics-form.ts';

const SEX_OPTIONS = [{ value: '', label: 'Choose…' }, ...Object.entries(SEX_LABELS).map(([value, label]) => ({ value, label }))];
const PHONE_USES = [
  { value: 'mobile', label: 'Mobile' },
  { value: 'home', label: 'Home' },
  { value: 'work', label: 'Work' },
];
const CHANNELS = [
  { value: 'sms', label: 'Text message' },
  { value: 'voice', label: 'Phone call' },
  { value: 'email', label: 'Email' },
  { value: 'mail', label: 'Letter' },
  { value: 'portal', label: 'Patient portal' },
];
const LANGUAGES = [
  { value: '', label: 'Not recorded' },
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Spanish' },
  { value: 'zh', label: 'Chinese' },
  { value: 'vi', label: 'Vietnamese' },
  { value: 'tl', label: 'Tagalog' },
  { value: 'ar', label: 'Arabic' },
  { value: 'fr', label: 'French' },
  { value: 'ko', label: 'Korean' },
  { value: 'ru', label: 'Russian' },
];

interface Props {
  value: DemographicsForm;
  errors: Record<string, string>;
  onChange: (key: keyof DemographicsForm, value: string) => void;
  onBlur: (key: keyof DemographicsForm) => void;
  /** On an existing record the SSN field replaces the stored one; blank keeps it. */
  ssnHint: string;
}

/** The demographics inputs shared by registration and the demographics tab. */
export const DemographicsFields = ({ value, errors, onChange, onBlur, ssnHint }: Props) => {
  const bind = (key: keyof DemographicsForm) => ({
    name: key,
    value: value[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => onChange(key, e.target.value),
    onBlur: () => onBlur(key),
  });
  const languages = LANGUAGES.some((l) => l.value === value.language) ? LANGUAGES : [...LANGUAGES, { value: value.language, label: value.language }];
  return (
    <>
      <fieldset>
        <legend>Name</legend>
        <div className="grid">
          <TextField label="Given name" required autoComplete="off" {...bind('givenName')} />
          <TextField label="Middle name" autoComplete="off" {...bind('middleName')} />
          <TextField label="Family name" required autoComplete="off" {...bind('familyName')} />
          <TextField label="Suffix" hint="Jr, Sr, III" autoComplete="off" {...bind('suffix')} className="short" />
          <TextField label="Preferred name" autoComplete="off" {...bind('preferredName')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Identity</legend>
        <div className="grid">
          <TextField label="Date of birth" type="date" required min="1900-01-01" {...bind('birthDate')} />
          <SelectField label="Sex" required options={SEX_OPTIONS} {...bind('sex')} hint="Administrative sex, as on the insurance card" />
          <TextField label="Gender identity" autoComplete="off" {...bind('genderIdentity')} />
          <TextField label="SSN" autoComplete="off" inputMode="numeric" hint={ssnHint} {...bind('ssn')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <div className="grid">
          <TextField label="Phone" type="tel" autoComplete="off" hint="10 digits, e.g. 555-201-3344" {...bind('phone1')} />
          <SelectField label="Phone type" options={PHONE_USES} {...bind('phone1Use')} className="short" />
          <TextField label="Other phone" type="tel" autoComplete="off" {...bind('phone2')} />
          <SelectField label="Other phone type" options={PHONE_USES} {...bind('phone2Use')} className="short" />
          <TextField label="Email" type="email" autoComplete="off" {...bind('email')} />
          <SelectField label="Preferred contact" options={CHANNELS} {...bind('channel')} />
          <SelectField label="Language" options={languages} {...bind('language')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Address</legend>
        <div className="grid">
          <TextField label="Street address" autoComplete="off" {...bind('line1')} className="wide" />
          <TextField label="Address line 2" autoComplete="off" {...bind('line2')} />
          <TextField label="City" autoComplete="off" {...bind('city')} />
          <TextField label="State" hint="Two letters, e.g. OR" maxLength={2} autoComplete="off" {...bind('state')} className="short" />
          <TextField label="ZIP code" inputMode="numeric" autoComplete="off" {...bind('postalCode')} className="short" />
        </div>
      </fieldset>
    </>
  );
};
