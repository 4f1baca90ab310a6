import { memo, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { VisitEligibility } from '../eligibility/api.ts';
import { EligibilityMark } from '../eligibility/EligibilityMark.tsx';
import { markOf } from '../eligibility/marks.ts';
import { Link } from '../shell/router.tsx';
import { STATUS_LABELS, type AppointmentType, type CalendarAppointment } from './api.ts';
import type { ApptBox, ColumnModel, GridColumn, GridModel } from './layout.ts';
import { clockLabel, shortDay, toLocal } from './time.ts';

/** Pixels per minute: an hour is 84 px, a 15-minute visit 21 px. */
export const PX = 1.4;
const SNAP_MOVE = 5;
const SNAP_CLICK = 15;

export interface DropTarget {
  col: GridColumn;
  from: number;
  to: number;
}

export interface GridProps {
  model: GridModel;
  zone: string;
  week: boolean;
  types: ReadonlyMap<string, AppointmentType>;
  /** Booked visits may be dragged and resized; empty time may be clicked to book. */
  canBook: boolean;
  /** Only the time may change (room columns: a move keeps the room). */
  sameResourceOnly: boolean;
  daySheetLinks: boolean;
  /** Each visit's latest eligibility by id (a visit not in it shows no mark yet); undefined: no marks at all. */
  marks?: Readonly<Record<string, VisitEligibility | null>>;
  onOpen: (appt: CalendarAppointment) => void;
  onEmpty: (col: GridColumn, minutes: number) => void;
  onDrop: (appt: CalendarAppointment, to: DropTarget) => Promise<void>;
}

interface Handlers {
  down: (e: ReactPointerEvent, box: ApptBox, col: GridColumn, mode: 'move' | 'resize') => void;
  open: (e: MouseEvent, appt: CalendarAppointment) => void;
  empty: (e: MouseEvent<HTMLDivElement>, col: GridColumn) => void;
}

const EXCEPTION_LABELS: Record<string, string> = { holiday: 'Holiday', time_off: 'Time off', blocked: 'Blocked' };

const apptLabel = (b: ApptBox, typeName: string, mark: string | null): string =>
  `${clockLabel(b.from)} to ${clockLabel(b.to)}, ${b.appt.patient.name}, ${typeName}, ${STATUS_LABELS[b.appt.status]}${b.appt.override ? ', booked with an override' : ''}${mark ? `, ${mark.charAt(0).toLowerCase()}${mark.slice(1)}` : ''}`;

const ColumnView = memo(function ColumnView({ m, startMin, endMin, types, h, canBook, nowMin, dayStart, marks }: { m: ColumnModel; startMin: number; endMin: number; types: ReadonlyMap<string, AppointmentType>; h: Handlers; canBook: boolean; nowMin: number | null; dayStart: boolean; marks: Readonly<Record<string, VisitEligibility | null>> | undefined }) {
  const y = (min: number): number => (Math.min(Math.max(min, startMin), endMin) - startMin) * PX;
  return (
    <div className={`cal-col${m.open ? ' shaded' : ''}${dayStart ? ' day-start' : ''}`} data-col={m.col.key} onClick={(e) => h.empty(e, m.col)} style={{ height: (endMin - startMin) * PX }}>
      {m.open?.map((s) => <div key={`${s.from}-${s.to}`} className="cal-open" style={{ top: y(s.from), height: y(s.to) - y(s.from) }} />)}
      {m.exceptions.map((b) =>
        y(b.to) > y(b.from) ? (
          <div key={b.exception.id} className={`cal-exception k-${b.exception.kind}`} style={{ top: y(b.from), height: y(b.to) - y(b.from) }} title={`${EXCEPTION_LABELS[b.exception.kind] ?? 'Closed'}: ${b.exception.reason}`}>
            <span className="cal-exception-label">
              {EXCEPTION_LABELS[b.exception.kind] ?? 'Closed'}: {b.exception.reason}
            </span>
          </div>
        ) : null,
      )}
      {m.appts.map((b) => {
        const a = b.appt;
        const type = types.get(a.typeId);
        const typeName = type?.name ?? 'Visit';
        const movable = canBook && a.status === 'booked';
        const height = Math.max(y(b.to) - y(b.from), 14);
        const status = marks && a.id in marks ? marks[a.id]! : undefined;
        return (
          <button
            key={a.id}
            type="button"
            className={`appt st-${a.status}${movable ? ' movable' : ''}${height < 30 ? ' short' : ''}${status !== undefined ? ' has-elig' : ''}`}
            data-appt={a.id}
            style={{ top: y(b.from), height, left: `calc(${(b.lane * 100) / b.lanes}% + 2px)`, width: `calc(${100 / b.lanes}% - 4px)`, '--appt-colour': type?.colour ?? '#64748b' } as CSSProperties}
            aria-label={apptLabel(b, typeName, status !== undefined ? markOf(status).label : null)}
            onPointerDown={movable ? (e) => h.down(e, b, m.col, 'move') : undefined}
            onClick={(e) => h.open(e, a)}
          >
            <span className="appt-name">{a.patient.name}</span>
            <span className="appt-meta">
              {a.status !== 'booked' && <span className="appt-status">{STATUS_LABELS[a.status]} · </span>}
              {clockLabel(b.from)} · {typeName}
            </span>
            {status !== undefined && <EligibilityMark status={status} />}
            {a.override && <span className="appt-flag" title={`Booked with an override: ${a.override.reason}`}>!</span>}
            {movable && (
              <span
                className="appt-resize"
                aria-hidden="true"
                onPointerDown={(e) => {
                  e.stopPropagation();
                  h.down(e, b, m.col, 'resize');
                }}
              />
            )}
          </button>
        );
      })}
      {nowMin !== null && nowMin >= startMin && nowMin <= endMin && <div className="cal-now" style={{ top: y(nowMin) }} aria-hidden="true" />}
    </div>
  );
});

interface Drag {
  box: ApptBox;
  col: GridColumn;
  mode: 'move' | 'resize';
  pointerId: number;
  x0: number;
  y0: number;
  /** Minutes between the visit's start and the point it was grabbed. */
  grab: number;
  moved: boolean;
  target: DropTarget;
}

interface Ghost extends DropTarget {
  checking: boolean;
  label: string;
}

const snap = (min: number, step: number): number => Math.round(min / step) * step;

/** The time grid: a gutter of hours, a header, one memoised column per provider (or room) and day. */
export const CalendarGrid = (props: GridProps) => {
  const { model, zone, week, types, canBook, daySheetLinks, marks } = props;
  const { startMin, endMin } = model;
  const bodyRef = useRef<HTMLDivElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const dragRef = useRef<Drag | null>(null);
  const suppressClick = useRef(false);
  const [ghost, setGhost] = useState<Ghost | null>(null);

  const columnAt = (x: number, yy: number): { el: HTMLElement; col: GridColumn } | null => {
    for (const el of document.elementsFromPoint(x, yy)) {
      if (el instanceof HTMLElement && el.dataset.col) {
        const m = propsRef.current.model.columns.find((c) => c.col.key === el.dataset.col);
        if (m) return { el, col: m.col };
      }
    }
    return null;
  };

  const handlers = useMemo<Handlers>(() => {
    const ghostOf = (d: Drag): Ghost => ({ ...d.target, checking: false, label: `${clockLabel(d.target.from)} – ${clockLabel(d.target.to)}` });
    const onMove = (e: PointerEvent): void => {
      const d = dragRef.current;
      if (!d || e.pointerId !== d.pointerId) return;
      if (!d.moved && Math.hypot(e.clientX - d.x0, e.clientY - d.y0) < 5) return;
      d.moved = true;
      const { startMin: s0, endMin: e0 } = propsRef.current.model;
      const duration = d.box.to - d.box.from;
      if (d.mode === 'resize') {
        const rect = document.querySelector<HTMLElement>(`[data-col="${CSS.escape(d.col.key)}"]`)?.getBoundingClientRect();
        if (!rect) return;
        const at = snap(s0 + (e.clientY - rect.top) / PX, SNAP_MOVE);
        d.target = { col: d.col, from: d.box.from, to: Math.min(e0, Math.max(d.box.from + SNAP_MOVE, at)) };
      } else {
        const hit = columnAt(e.clientX, e.clientY);
        const col = hit && (!propsRef.current.sameResourceOnly || hit.col.resourceId === d.col.resourceId) ? hit : null;
        const target = col ?? { el: document.querySelector<HTMLElement>(`[data-col="${CSS.escape(d.target.col.key)}"]`), col: d.target.col };
        if (!target.el) return;
        const rect = target.el.getBoundingClientRect();
        const from = Math.min(e0 - duration, Math.max(s0, snap(s0 + (e.clientY - rect.top) / PX - d.grab, SNAP_MOVE)));
        d.target = { col: target.col, from, to: from + duration };
      }
      setGhost(ghostOf(d));
    };
    const onUp = (e: PointerEvent): void => {
      const d = dragRef.current;
      if (!d || e.pointerId !== d.pointerId) return;
      dragRef.current = null;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      if (!d.moved) return;
      // The click that ends a drag must not open the visit.
      suppressClick.current = true;
      window.setTimeout(() => (suppressClick.current = false), 0);
      const t = d.target;
      if (e.type === 'pointercancel' || (t.col.key === d.col.key && t.from === d.box.from && t.to === d.box.to)) {
        setGhost(null);
        return;
      }
      setGhost({ ...ghostOf(d), checking: true });
      void propsRef.current.onDrop(d.box.appt, t).finally(() => setGhost(null));
    };
    return {
      down: (e, box, col, mode) => {
        if (e.button !== 0 || dragRef.current) return;
        const rect = (e.currentTarget as HTMLElement).closest('.appt')?.getBoundingClientRect();
        dragRef.current = { box, col, mode, pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, grab: rect ? (e.clientY - rect.top) / PX : 0, moved: false, target: { col, from: box.from, to: box.to } };
        window.addEventListener('pointermove', onMove);
        window.addEventListener('pointerup', onUp);
        window.addEventListener('pointercancel', onUp);
      },
      open: (e, appt) => {
        e.stopPropagation();
        if (suppressClick.current) return;
        propsRef.current.onOpen(appt);
      },
      empty: (e, col) => {
        if (suppressClick.current || !propsRef.current.canBook) return;
        if ((e.target as HTMLElement).closest('.appt')) return;
        const rect = e.currentTarget.getBoundingClientRect();
        const min = Math.floor((propsRef.current.model.startMin + (e.clientY - rect.top) / PX) / SNAP_CLICK) * SNAP_CLICK;
        propsRef.current.onEmpty(col, min);
      },
    };
  }, []);

  // A drag in progress ends with the page.
  useEffect(
    () => () => {
      dragRef.current = null;
    },
    [],
  );

  const now = toLocal(Date.now(), zone);
  const hours: number[] = [];
  for (let h = startMin; h < endMin; h += 60) hours.push(h);
  const perDay = model.dates.length ? model.columns.length / model.dates.length : 0;

  const ghostEl = ghost ? bodyRef.current?.querySelector<HTMLElement>(`[data-col="${CSS.escape(ghost.col.key)}"]`) : null;

  return (
    <div className={`cal-scroll${week ? ' week' : ''}`} style={{ '--cols': model.columns.length, '--hour': `${60 * PX}px` } as CSSProperties}>
      <div className="cal-grid">
        <div className="cal-head">
          {week && (
            <div className="cal-row cal-days">
              <div className="cal-corner" />
              {model.dates.map((d) => (
                <div key={d} className={`cal-day${d === now.date ? ' today' : ''}`} style={{ flexGrow: perDay, minWidth: `calc(var(--colw) * ${perDay})` }}>
                  {shortDay(d)}
                </div>
              ))}
            </div>
          )}
          <div className="cal-row">
            <div className="cal-corner" />
            {model.columns.map(({ col }, i) => (
              <div key={col.key} className={`cal-colhead${week && perDay > 0 && i % perDay === 0 ? ' day-start' : ''}`} title={col.label}>
                <span className="cal-colname">{col.label}</span>
                {daySheetLinks && col.providerId && (
                  <Link to={`/schedule/day-sheet/${encodeURIComponent(col.providerId)}/${col.date}`} className="small-link" aria-label={`Day sheet of ${col.label}, ${shortDay(col.date)}`}>
                    Day sheet
                  </Link>
                )}
              </div>
            ))}
          </div>
        </div>
        <div className="cal-body" ref={bodyRef}>
          <div className="cal-gutter" aria-hidden="true" style={{ height: (endMin - startMin) * PX }}>
            {hours.map((h) => (
              <span key={h} className="cal-hour" style={{ top: (h - startMin) * PX }}>
                {clockLabel(h)}
              </span>
            ))}
          </div>
          {model.columns.map((m, i) => (
            <ColumnView key={m.col.key} m={m} startMin={startMin} endMin={endMin} types={types} h={handlers} canBook={canBook} nowMin={m.col.date === now.date ? now.minutes : null} dayStart={week && perDay > 0 && i % perDay === 0} marks={marks} />
          ))}
          {ghost && ghostEl && (
            <div className={`cal-ghost${ghost.checking ? ' checking' : ''}`} style={{ left: ghostEl.offsetLeft + 2, width: ghostEl.offsetWidth - 4, top: (ghost.from - startMin) * PX, height: (ghost.to - ghost.from) * PX }} aria-hidden="true">
              {ghost.checking ? 'Checking…' : ghost.label}
            </div>
          )}
        </div>
      </div>
    </div>
  );
};
