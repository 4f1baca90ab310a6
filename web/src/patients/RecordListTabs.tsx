import { AllergySchema, ConditionSchema, ContactPersonSchema, type Allergy, type Condition, type ContactPerson } from '../../../src/core/patients/patient.ts';
import { formatDate, formatPhone } from '../shell/format.ts';
import type { TabProps } from './DemographicsTab.tsx';
import { RecordList } from './RecordList.tsx';

export const ConditionsTab = (p: TabProps) => (
  <RecordList<Condition>
    {...p}
    field="chronicConditions"
    title="Chronic conditions"
    noun="condition"
    empty="No chronic conditions recorded."
    schema={ConditionSchema}
    fields={[
      { key: 'code', label: 'ICD-10 code', required: true, hint: 'For example E11.9' },
      { key: 'display', label: 'Description', required: true },
      { key: 'onset', label: 'Onset date', type: 'date' },
    ]}
    nameOf={(c) => c.display}
    describe={(c) => (
      <>
        <strong>{c.display}</strong> <span className="code">{c.code}</span>
        {c.onset && <span className="muted"> · since {formatDate(c.onset)}</span>}
      </>
    )}
  />
);

export const AllergiesTab = (p: TabProps) => (
  <RecordList<Allergy>
    {...p}
    field="allergies"
    title="Allergies"
    noun="allergy"
    empty="No allergies recorded. If the patient has none, that is all right: the banner says “No allergies recorded”."
    schema={AllergySchema}
    fields={[
      { key: 'substance', label: 'Substance', required: true, hint: 'Drug, food or material' },
      { key: 'reaction', label: 'Reaction' },
      {
        key: 'severity',
        label: 'Severity',
        options: [
          { value: '', label: 'Not recorded' },
          { value: 'mild', label: 'Mild' },
          { value: 'moderate', label: 'Moderate' },
          { value: 'severe', label: 'Severe' },
        ],
      },
    ]}
    nameOf={(a) => a.substance}
    describe={(a) => (
      <>
        <strong>{a.substance}</strong>
        {a.reaction && <span> · {a.reaction}</span>}
        {a.severity && <span className={`chip ${a.severity === 'severe' ? 'danger' : 'warn'}`}>{a.severity}</span>}
      </>
    )}
  />
);

export const CareTeamTab = (p: TabProps) => (
  <RecordList<ContactPerson>
    {...p}
    field="careTeam"
    title="Care team"
    noun="contact"
    empty="No care-team contacts recorded. Add the primary care physician, specialists or caregivers."
    schema={ContactPersonSchema}
    fields={[
      { key: 'name', label: 'Name', required: true },
      { key: 'role', label: 'Role', required: true, hint: 'For example Cardiologist, Caregiver' },
      { key: 'organization', label: 'Organization' },
      { key: 'phone', label: 'Phone', type: 'tel' },
      { key: 'email', label: 'Email', type: 'email' },
      { key: 'npi', label: 'NPI', hint: '10 digits, for clinicians' },
    ]}
    nameOf={(c) => c.name}
    describe={(c) => (
      <>
        <strong>{c.name}</strong> · {c.role}
        {c.organization && <span> · {c.organization}</span>}
        {c.phone && <span className="muted"> · {formatPhone(c.phone)}</span>}
        {c.email && <span className="muted"> · {c.email}</span>}
      </>
    )}
  />
);
