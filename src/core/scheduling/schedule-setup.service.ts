import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { DomainError, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { AppointmentType, Room, ScheduleException, WorkingTemplate } from './appointment.ts';
import type { ScheduleSetupRepo } from './appointment.repo.ts';
import type { AppointmentTypeInput, ExceptionInput, RoomInput, TemplateInput } from './schedule-inputs.ts';
import { canonicalInstant } from './occupancy.ts';

export interface ScheduleSetupDeps {
  setup: ScheduleSetupRepo;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

/** The calendar's set-up (types, rooms, weekly templates, exceptions): read by staff, changed by administrators. */
export const createScheduleSetupService = (d: ScheduleSetupDeps) => {
  const allow = (p: Principal, action: Action): void => {
    if (!can(p, action, d.clock.now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };
  const audited = async (p: Principal, action: string, id: string): Promise<void> =>
    d.audit.record(p, { action, category: 'scheduling', outcome: 'success', patientId: null, detail: { id } });
  const needLocation = async (id: string | null): Promise<void> => {
    if (id !== null && !(await d.setup.location(id))) throw notFound('Location', id);
  };
  const needProvider = async (id: string | null): Promise<void> => {
    if (id !== null && !(await d.setup.provider(id))) throw notFound('Provider', id);
  };

  const listTypes = async (p: Principal): Promise<AppointmentType[]> => (allow(p, 'schedule.read'), d.setup.listTypes());
  const createType = async (p: Principal, input: AppointmentTypeInput): Promise<AppointmentType> => {
    allow(p, 'schedule.manage');
    if (input.minAgeYears !== null && input.maxAgeYears !== null && input.maxAgeYears < input.minAgeYears) {
      throw new DomainError('invalid', 'The maximum age is below the minimum', { issues: [{ path: 'maxAgeYears', message: 'below minAgeYears' }] });
    }
    const t: AppointmentType = { id: d.ids.newId(), ...input };
    return d.uow.run(async () => (await d.setup.insertType(t), await audited(p, 'schedule.type.create', t.id), t));
  };

  const listRooms = async (p: Principal, locationId?: string): Promise<Room[]> => (allow(p, 'schedule.read'), d.setup.listRooms(locationId));
  const createRoom = async (p: Principal, input: RoomInput): Promise<Room> => {
    allow(p, 'schedule.manage');
    const r: Room = { id: d.ids.newId(), ...input };
    return d.uow.run(async () => (await needLocation(r.locationId), await d.setup.insertRoom(r), await audited(p, 'schedule.room.create', r.id), r));
  };

  const listTemplates = async (p: Principal, q: { providerId?: string; locationId?: string }): Promise<WorkingTemplate[]> => (allow(p, 'schedule.read'), d.setup.listTemplates(q));
  const createTemplate = async (p: Principal, input: TemplateInput): Promise<WorkingTemplate> => {
    allow(p, 'schedule.manage');
    const t: WorkingTemplate = { id: d.ids.newId(), ...input };
    return d.uow.run(async () => {
      await needProvider(t.providerId);
      await needLocation(t.locationId);
      for (const typeId of t.allowedTypeIds ?? []) if (!(await d.setup.getType(typeId))) throw notFound('Appointment type', typeId);
      await d.setup.insertTemplate(t);
      await audited(p, 'schedule.template.create', t.id);
      return t;
    });
  };

  const listExceptions = async (p: Principal, q: { from: string; to: string; providerId?: string; locationId?: string }): Promise<ScheduleException[]> => {
    allow(p, 'schedule.read');
    return d.setup.listExceptions({ ...q, from: canonicalInstant(q.from) ?? q.from, to: canonicalInstant(q.to) ?? q.to });
  };
  const createException = async (p: Principal, input: ExceptionInput): Promise<ScheduleException> => {
    allow(p, 'schedule.manage');
    const e: ScheduleException = { id: d.ids.newId(), ...input, start: canonicalInstant(input.start) ?? input.start, end: canonicalInstant(input.end) ?? input.end };
    return d.uow.run(async () => (await needProvider(e.providerId), await needLocation(e.locationId), await d.setup.insertException(e), await audited(p, 'schedule.exception.create', e.id), e));
  };

  return { listTypes, createType, listRooms, createRoom, listTemplates, createTemplate, listExceptions, createException };
};
export type ScheduleSetupService = ReturnType<typeof createScheduleSetupService>;
