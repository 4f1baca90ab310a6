import { useEffect } from 'react';
import { PatientSearchBox } from '../patients/PatientSearchBox.tsx';
import { ROLE_LABELS, formatDateTime } from './format.ts';
import { Link, matchPath, navigate, usePath } from './router.tsx';
import { homePath, NavGroups, ROUTES } from './routes.tsx';
import { useSession } from './session.tsx';
import { Forbidden, NotFound } from './Refusals.tsx';

/** The signed-in frame: header with patient search and account, role-aware navigation, the screen. */
export const Layout = () => {
  const { me, can, logout } = useSession();
  const path = usePath();
  const home = homePath(can);

  useEffect(() => {
    if (path === '/' || path === '') navigate(home, { replace: true });
  }, [path, home]);

  const found = ROUTES.map((r) => ({ r, params: matchPath(r.pattern, path) })).find((m) => m.params);
  const allowed = !!found && (!found.r.needs || can(found.r.needs));

  useEffect(() => {
    document.title = `${found && allowed ? found.r.title : 'Medoffice'} · Medoffice`;
    // Announce the new screen: focus its heading.
    const t = window.setTimeout(() => document.getElementById('page-title')?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [path, found, allowed]);

  const visible = ROUTES.filter((r) => r.nav && (!r.needs || can(r.needs)));
  const active = (pattern: string): boolean => path === pattern;

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <Link to={home} className="brand">
          Medoffice
        </Link>
        {can('patient.search') && <PatientSearchBox />}
        <div className="account">
          <Link to="/account" className="account-link">
            <span className="account-name">{me.user.displayName}</span>
            <span className="account-role">{ROLE_LABELS[me.user.role] ?? me.user.role}</span>
          </Link>
          <button type="button" className="btn small" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      {me.breakGlass && (
        <p className="breakglass-banner" role="status">
          Emergency access is on until {formatDateTime(me.breakGlass.endsAt)}. Everything you open is recorded and will be reviewed.
        </p>
      )}
      <div className="body">
        <nav className="sidenav" aria-label="Main">
          {NavGroups.map((g) => {
            const items = visible.filter((r) => r.nav!.group === g);
            if (!items.length) return null;
            return (
              <div key={g} className="nav-group">
                <p className="nav-group-title" id={`nav-${g}`}>
                  {g}
                </p>
                <ul aria-labelledby={`nav-${g}`}>
                  {items.map((r) => (
                    <li key={r.pattern}>
                      <Link to={r.pattern} aria-current={active(r.pattern) ? 'page' : undefined}>
                        {r.nav!.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {!found ? <NotFound /> : !allowed ? <Forbidden title={found.r.title} /> : found.r.render(found.params!)}
        </main>
      </div>
    </div>
  );
};
