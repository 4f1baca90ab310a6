import { useCallback, useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError } from './api.ts';

/** The message of any failure, as a sentence for the user. */
export const errorText = (e: unknown): string =>
  e instanceof ApiError ? e.message : 'Something went wrong in this page. Reload the page and try again; if it keeps happening, tell your administrator.';

export type Async<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ok'; data: T };

/** Runs a load on mount and when `deps` change; `reload` runs it again. */
export const useAsync = <T,>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Async<T> & { reload: () => void } => {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => (s.status === 'ok' && tick > 0 ? s : { status: 'loading' }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ status: 'ok', data }),
      (error: unknown) => !ctl.signal.aborted && setState({ status: 'error', error }),
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
};

export const Loading = ({ label }: { label: string }) => (
  <p className="state loading" role="status">
    <span className="spinner" aria-hidden="true" />
    {label}
  </p>
);

export const ErrorState = ({ error, onRetry, title = 'This could not be loaded' }: { error: unknown; onRetry?: () => void; title?: string }) => (
  <div className="state error" role="alert">
    <p className="state-title">{title}</p>
    <p>{errorText(error)}</p>
    {onRetry && (
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    )}
  </div>
);

export const Empty = ({ children }: { children: ReactNode }) => <div className="state empty">{children}</div>;

/** Renders loading, error or the data of an Async. */
export const AsyncView = <T,>({ value, loading, children, errorTitle }: { value: Async<T> & { reload: () => void }; loading: string; errorTitle?: string; children: (data: T) => ReactNode }) =>
  value.status === 'loading' ? <Loading label={loading} /> : value.status === 'error' ? <ErrorState error={value.error} onRetry={value.reload} title={errorTitle} /> : <>{children(value.data)}</>;

/** A success or failure notice for an action; polite for success, assertive for errors. */
export const Notice = ({ kind, children }: { kind: 'ok' | 'error'; children: ReactNode }) =>
  kind === 'ok' ? (
    <p className="notice ok" role="status">
      {children}
    </p>
  ) : (
    <p className="notice error" role="alert">
      {children}
    </p>
  );

interface FieldShell {
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

const useFieldIds = (error?: string, hint?: string) => {
  const id = useId();
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return { id, describedBy };
};

const FieldFrame = ({ id, label, error, hint, required, className, children }: FieldShell & { id: string; children: ReactNode }) => (
  <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
    <label htmlFor={id}>
      {label}
      {required && <span className="req"> (required)</span>}
    </label>
    {children}
    {hint && (
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    {error && (
      <p className="field-error" id={`${id}-err`}>
        {error}
      </p>
    )}
  </div>
);

export const TextField = ({ label, error, hint, required, className, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) => {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} aria-required={required || undefined} {...input} />
    </FieldFrame>
  );
};

export const TextArea = ({ label, error, hint, required, className, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) => {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} aria-required={required || undefined} {...input} />
    </FieldFrame>
  );
};

export const SelectField = ({ label, error, hint, required, className, options, ...select }: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) => {
  const { id, describedBy } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} aria-required={required || undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
};

/** Several choices from a short list (plan types, locations): checkboxes in a fieldset, in the list's order. */
export const CheckboxGroup = ({ label, error, hint, required, className, options, value, onChange, onBlur, name }: FieldShell & {
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  onBlur?: () => void;
  name?: string;
}) => {
  const { id, describedBy } = useFieldIds(error, hint);
  const toggle = (v: string, on: boolean): void => {
    const next = new Set(value);
    if (on) next.add(v);
    else next.delete(v);
    onChange(options.map((o) => o.value).filter((x) => next.has(x)));
  };
  return (
    <fieldset className={`checkbox-group ${error ? 'has-error' : ''} ${className ?? ''}`} aria-describedby={describedBy}
      // Left when focus leaves the whole group, not when it moves from one box to the next.
      onBlur={(e) => onBlur && !e.currentTarget.contains(e.relatedTarget as Node | null) && onBlur()}
    >
      <legend>
        {label}
        {required && <span className="req"> (required)</span>}
      </legend>
      <div className="checkbox-options">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={name} value={o.value} checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} /> {o.label}
          </label>
        ))}
      </div>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
};

/** A modal dialog on the native <dialog>: focus moves in, Escape closes, focus returns. */
export const Dialog = ({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={(e) => (e.preventDefault(), onClose())}>
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
};

/** A list of field errors at the top of a form, focused on a failed submit. */
export const ErrorSummary = ({ errors, focusKey }: { errors: Record<string, string>; focusKey: number }) => {
  const ref = useRef<HTMLDivElement>(null);
  const list = Object.values(errors);
  useEffect(() => {
    if (focusKey > 0 && list.length) ref.current?.focus();
  }, [focusKey]);
  if (!list.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p className="state-title">Correct {list.length === 1 ? 'this field' : `these ${list.length} fields`} before saving:</p>
      <ul>
        {[...new Set(list)].map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
};

/** The page title (h1), focused after navigation so screen readers announce the new page. */
export const PageTitle = ({ children, actions }: { children: ReactNode; actions?: ReactNode }) => (
  <div className="page-title">
    <h1 tabIndex={-1} id="page-title">
      {children}
    </h1>
    {actions && <div className="page-actions">{actions}</div>}
  </div>
);
