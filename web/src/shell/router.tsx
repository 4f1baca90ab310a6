import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

// A tiny history router: paths carry record ids only, never names, birth dates or search terms.
const listeners = new Set<() => void>();
const notify = (): void => {
  for (const fn of listeners) fn();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

const subscribe = (fn: () => void): (() => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

/** Goes to a path inside the app. */
export const navigate = (to: string, opts: { replace?: boolean } = {}): void => {
  if (to === window.location.pathname) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
};

/** The current path; re-renders on navigation. */
export const usePath = (): string => useSyncExternalStore(subscribe, () => window.location.pathname);

/** Matches `/patients/:id/:tab?` against a path; returns the parameters or null. */
export const matchPath = (pattern: string, path: string): Record<string, string> | null => {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < Math.max(p.length, s.length); i++) {
    const part = p[i];
    const seg = s[i];
    if (part === undefined) return null;
    const optional = part.endsWith('?');
    if (part.startsWith(':')) {
      if (seg === undefined) {
        if (optional) continue;
        return null;
      }
      params[part.slice(1).replace(/\?$/, '')] = decodeURIComponent(seg);
    } else if (part !== seg) return null;
  }
  return params;
};

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

/** An in-app link: a real anchor (middle-click, copy link) that navigates without a reload. */
export const Link = ({ to, children, onClick, ...rest }: LinkProps) => {
  const handle = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
};
