import type { Generated } from 'kysely';

/** Instants are ISO-8601 UTC text, dates YYYY-MM-DD text, booleans 0/1, JSON as text: one schema on both dialects. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: number;
  emergency_access: number;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_enrolled_at: string | null;
  mfa_last_step: number;
  demo: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  state: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  source_ip: string | null;
}

export interface LoginAttemptsTable {
  id: string;
  username: string;
  source_ip: string;
  at: string;
  ok: number;
  /** success | failure | denied | challenge (migration 0002). */
  outcome: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface BreakGlassTable {
  id: string;
  user_id: string;
  reason: string;
  started_at: string;
  ends_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  user_id: string;
  username: string;
  principal_id: string;
  source_ip: string | null;
  break_glass: number;
  action: string;
  category: string;
  outcome: string;
  patient_id: string | null;
  detail: string;
  mac: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  mac: string;
}

export interface DisclosuresTable {
  id: string;
  patient_id: string;
  disclosed_on: string;
  recipient: string;
  purpose: string;
  description: string;
  recorded_by: string;
  recorded_at: string;
}

export interface PatientsTable {
  id: string;
  mrn: string;
  status: string;
  merged_into: string | null;
  restricted: number;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  suffix: string | null;
  preferred_name: string | null;
  family_norm: string;
  given_norm: string;
  birth_date: string | null;
  sex: string;
  gender_identity: string | null;
  address: string;
  phones: string;
  primary_phone_digits: string | null;
  email: string | null;
  language: string | null;
  contact_preferences: string;
  ssn_enc: string | null;
  ssn_last4: string | null;
  ssn_index: string | null;
  guarantor: string | null;
  referring_physician: string | null;
  chronic_conditions: string;
  allergies: string;
  care_team: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The name dictionary: each distinct normalised family name under its typo and sound-alike keys. */
export interface FamilyNameKeysTable {
  key: string;
  family_norm: string;
}

export interface PatientPhonesTable {
  patient_id: string;
  digits: string;
}

export interface PatientHistoryTable {
  id: string;
  patient_id: string;
  version: number;
  changed_at: string;
  changed_by: string;
  change: string;
  snapshot: string;
}

export interface CoveragesTable {
  id: string;
  patient_id: string;
  payer_id: string;
  member_id: string;
  member_id_norm: string;
  group_number: string | null;
  plan_name: string | null;
  plan_type: string;
  priority: number;
  relationship: string;
  subscriber_patient_id: string | null;
  subscriber: string | null;
  effective_date: string | null;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface DuplicateSuspectsTable {
  id: string;
  patient_id: string;
  candidate_id: string;
  score: number;
  status: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface PayersTable {
  id: string;
  name: string;
  payer_code: string;
  plan_types: string;
  phone: string | null;
  address: string | null;
  created_at: string;
}

export interface ProvidersTable {
  id: string;
  npi: string;
  family_name: string;
  given_name: string;
  credentials: string | null;
  taxonomy_code: string;
  specialty: string;
  phone: string | null;
  email: string | null;
  location_ids: string;
  active: number;
  created_at: string;
}

export interface LocationsTable {
  id: string;
  name: string;
  address: string;
  time_zone: string;
  phone: string | null;
  place_of_service: string;
  created_at: string;
}

export interface PracticeTable {
  id: string;
  name: string;
  npi: string;
  tax_id: string | null;
  address: string;
  phone: string | null;
}

export interface IdempotencyKeysTable {
  principal_id: string;
  key: string;
  scope: string;
  request_hash: string;
  resource_id: string;
  created_at: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  break_glass_grants: BreakGlassTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  disclosures: DisclosuresTable;
  patients: PatientsTable;
  family_name_keys: FamilyNameKeysTable;
  patient_phones: PatientPhonesTable;
  patient_history: PatientHistoryTable;
  coverages: CoveragesTable;
  duplicate_suspects: DuplicateSuspectsTable;
  payers: PayersTable;
  providers: ProvidersTable;
  locations: LocationsTable;
  practice: PracticeTable;
  idempotency_keys: IdempotencyKeysTable;
  sequences: SequencesTable;
}

/** Migration 0008: ids of patients changed (patient or coverage rows), in commit order; SQLite only. */
export interface PatientChangesTable {
  seq: Generated<number>;
  patient_id: string;
}

export interface Database {
  patient_changes: PatientChangesTable;
}

export type { Generated };

/** The worklist (migration 0003); `owner_id` null = unassigned, visible to `team`. */
export interface WorkItemsTable {
  id: string;
  kind: string;
  source_key: string;
  patient_id: string | null;
  title: string;
  explanation: string;
  due: string;
  priority: number;
  owner_id: string | null;
  team: string;
  status: string;
  snoozed_until: string | null;
  snooze_reason: string | null;
  link_kind: string;
  link_id: string;
  link_related_id: string | null;
  completed_by: string | null;
  completed_at: string | null;
  completion_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

// Declaration merging adds the table to `Database` without editing the interface above.
export interface Database {
  work_items: WorkItemsTable;
}

/** Scheduling (migration 0004): the calendar's set-up. Lists are JSON text; 0/1 booleans, null = either. */
export interface AppointmentTypesTable {
  id: string;
  name: string;
  duration_minutes: number;
  new_patient: number | null;
  room_type: string | null;
  instructions: string | null;
  expected_codes: string;
  colour: string;
  min_age_years: number | null;
  max_age_years: number | null;
  active: Generated<number>;
  created_at: string;
}

export interface RoomsTable {
  id: string;
  location_id: string;
  name: string;
  room_type: string;
  active: Generated<number>;
  created_at: string;
}

export interface WorkingTemplatesTable {
  id: string;
  provider_id: string;
  location_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
  effective_from: string;
  effective_to: string | null;
  allowed_type_ids: string | null;
  created_at: string;
}

export interface ScheduleExceptionsTable {
  id: string;
  kind: string;
  provider_id: string | null;
  location_id: string | null;
  start_at: string;
  end_at: string;
  reason: string;
  created_at: string;
}

export interface AppointmentsTable {
  id: string;
  patient_id: string;
  provider_id: string;
  location_id: string;
  room_id: string | null;
  type_id: string;
  start_at: string;
  end_at: string;
  time_zone: string;
  status: string;
  cancel_reason: string | null;
  override_kind: string | null;
  override_reason: string | null;
  override_by: string | null;
  referral_id: string | null;
  /** Migration 0005: the no-show this visit replaces, and the recall it answers. */
  rebooked_from_id: string | null;
  recall_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One 5-minute block a visit holds; UNIQUE (resource_kind, resource_id, block_start, lane) forbids double-booking. */
export interface AppointmentOccupancyTable {
  resource_kind: string;
  resource_id: string;
  block_start: string;
  lane: Generated<number>;
  appointment_id: string;
}

export interface Database {
  appointment_types: AppointmentTypesTable;
  rooms: RoomsTable;
  working_templates: WorkingTemplatesTable;
  schedule_exceptions: ScheduleExceptionsTable;
  appointments: AppointmentsTable;
  appointment_occupancy: AppointmentOccupancyTable;
}

/** Scheduling queues (migration 0005): rule sets, referrals, recalls, waitlist, outreach. */
export interface GuidelineRuleSetsTable {
  id: string;
  scope_key: string;
  scope: string;
  version: number;
  rules: string;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface ReferralsTable {
  id: string;
  patient_id: string;
  referring_name: string;
  referring_npi: string | null;
  reason: string;
  authorization_number: string | null;
  visit_limit: number | null;
  expires_on: string | null;
  received_on: string;
  type_id: string | null;
  provider_id: string | null;
  status: string;
  close_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RecallsTable {
  id: string;
  patient_id: string;
  type_id: string;
  provider_id: string | null;
  location_id: string | null;
  reason: string;
  due_on: string;
  status: string;
  appointment_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface WaitlistEntriesTable {
  id: string;
  patient_id: string;
  type_id: string;
  provider_id: string | null;
  location_id: string;
  earliest_on: string;
  latest_on: string;
  current_appointment_id: string | null;
  note: string | null;
  status: string;
  appointment_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OutreachAttemptsTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  patient_id: string;
  channel: string;
  outcome: string;
  note: string | null;
  by_user: string;
  at: string;
}

export interface Database {
  guideline_rule_sets: GuidelineRuleSetsTable;
  referrals: ReferralsTable;
  recalls: RecallsTable;
  waitlist_entries: WaitlistEntriesTable;
  outreach_attempts: OutreachAttemptsTable;
}

/** Eligibility (migration 0006): checks with their encrypted raw 270/271. */
export interface EligibilityChecksTable {
  id: string;
  coverage_id: string;
  patient_id: string;
  payer_id: string;
  appointment_id: string | null;
  date_of_service: string;
  trace_number: string;
  state: string;
  source: string;
  outcome: string | null;
  summary: string;
  snapshot: string | null;
  reason: string | null;
  retry_after: string | null;
  manual: string | null;
  raw_270_enc: string | null;
  raw_271_enc: string | null;
  requested_at: string;
  answered_at: string | null;
  requested_by: string;
}

export interface Database {
  eligibility_checks: EligibilityChecksTable;
}

/** The practice's fee schedule (migration 0007). */
export interface FeeScheduleTable {
  code: string;
  description: string | null;
  amount_cents: number;
  updated_at: string;
}

export interface Database {
  fee_schedule: FeeScheduleTable;
}
