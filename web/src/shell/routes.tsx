import type { ReactNode } from 'react';
import type { Action } from '../../../src/core/access/permissions.ts';
import { BreakGlassReview } from '../admin/BreakGlassReview.tsx';
import { PracticeSettings } from '../admin/PracticeSettings.tsx';
import { ScheduleSetup } from '../admin/ScheduleSetup.tsx';
import { Users } from '../admin/Users.tsx';
import { AuditReport } from '../audit/AuditReport.tsx';
import { Disclosures } from '../audit/Disclosures.tsx';
import { DuplicateCompare } from '../patients/DuplicateCompare.tsx';
import { PatientPage } from '../patients/PatientPage.tsx';
import { PatientSearchPage } from '../patients/PatientSearchPage.tsx';
import { RegisterPatient } from '../patients/RegisterPatient.tsx';
import { Calendar } from '../scheduling/Calendar.tsx';
import { DaySheet } from '../scheduling/DaySheet.tsx';
import { QueuesPage } from '../scheduling/QueuesPage.tsx';
import { ManagerView } from '../worklist/ManagerView.tsx';
import { MyDay } from '../worklist/MyDay.tsx';
import { Account } from './Account.tsx';

export interface AppRoute {
  pattern: string;
  /** The permission the server checks for this screen's data; without it the screen is refused. */
  needs: Action | null;
  title: string;
  render: (params: Record<string, string>) => ReactNode;
  /** Shown in the navigation under this group. */
  nav?: { group: NavGroup; label: string };
}

export const NavGroups = ['Work', 'Patients', 'Compliance', 'Admin'] as const;
export type NavGroup = (typeof NavGroups)[number];

// Order matters: the first matching pattern wins.
export const ROUTES: AppRoute[] = [
  { pattern: '/worklist', needs: 'worklist.read', title: 'My day', render: () => <MyDay />, nav: { group: 'Work', label: 'My day' } },
  { pattern: '/worklist/manager', needs: 'worklist.read', title: 'Team overview', render: () => <ManagerView />, nav: { group: 'Work', label: 'Team overview' } },
  { pattern: '/schedule', needs: 'schedule.read', title: 'Calendar', render: () => <Calendar />, nav: { group: 'Work', label: 'Calendar' } },
  { pattern: '/schedule/queues', needs: 'schedule.read', title: 'Scheduling queues', render: () => <QueuesPage />, nav: { group: 'Work', label: 'Scheduling queues' } },
  { pattern: '/schedule/day-sheet/:providerId/:date', needs: 'schedule.read', title: 'Day sheet', render: (p) => <DaySheet key={`${p.providerId}/${p.date}`} providerId={p.providerId!} date={p.date!} /> },
  { pattern: '/patients', needs: 'patient.search', title: 'Find a patient', render: () => <PatientSearchPage />, nav: { group: 'Patients', label: 'Find a patient' } },
  { pattern: '/patients/new', needs: 'patient.create', title: 'Register a patient', render: () => <RegisterPatient />, nav: { group: 'Patients', label: 'Register a patient' } },
  { pattern: '/patients/:id/:tab?', needs: 'patient.read', title: 'Patient', render: (p) => <PatientPage key={p.id} id={p.id!} tab={p.tab ?? 'demographics'} /> },
  { pattern: '/duplicates/:patientId/:candidateId', needs: 'patient.read', title: 'Compare possible duplicates', render: (p) => <DuplicateCompare key={`${p.patientId}/${p.candidateId}`} patientId={p.patientId!} candidateId={p.candidateId!} /> },
  { pattern: '/audit', needs: 'audit.read', title: 'Audit report', render: () => <AuditReport />, nav: { group: 'Compliance', label: 'Audit report' } },
  { pattern: '/audit/disclosures/:patientId?', needs: 'disclosure.read', title: 'Accounting of disclosures', render: (p) => <Disclosures key={p.patientId ?? ''} patientId={p.patientId ?? null} />, nav: { group: 'Compliance', label: 'Disclosures' } },
  { pattern: '/admin/users', needs: 'user.read', title: 'Users', render: () => <Users />, nav: { group: 'Admin', label: 'Users' } },
  { pattern: '/admin/break-glass', needs: 'breakglass.review', title: 'Emergency access review', render: () => <BreakGlassReview />, nav: { group: 'Admin', label: 'Emergency access review' } },
  { pattern: '/admin/practice', needs: 'reference.manage', title: 'Practice settings', render: () => <PracticeSettings />, nav: { group: 'Admin', label: 'Practice settings' } },
  { pattern: '/admin/schedule', needs: 'schedule.manage', title: 'Schedule set-up', render: () => <ScheduleSetup />, nav: { group: 'Admin', label: 'Schedule set-up' } },
  { pattern: '/account', needs: null, title: 'Your account', render: () => <Account /> },
];

/** Where a user lands: "My day" when the role has a worklist, else the first screen it may open. */
export const homePath = (can: (a: Action) => boolean): string => {
  const first = ROUTES.find((r) => r.nav && (!r.needs || can(r.needs)));
  return first ? first.pattern : '/account';
};
