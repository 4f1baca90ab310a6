import { useState, type FormEvent } from 'react';
import { Roles } from '../../../src/core/access/permissions.ts';
import { userCreateSchema } from '../../../src/core/access/user.ts';
import { api, ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { formatDate, ROLE_LABELS } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, Empty, ErrorSummary, Notice, PageTitle, SelectField, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { fieldErrors } from '../shell/validate.ts';

interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  active: boolean;
  emergencyAccess: boolean;
  mfaEnrolled: boolean;
  demo: boolean;
  createdAt: string;
}

const ROLE_OPTIONS = Roles.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));
type Confirm = { kind: 'mfa' | 'sessions' | 'deactivate'; user: User } | null;

/** Staff accounts: create, change role, deactivate, reset MFA, end sessions. */
export const Users = () => {
  const { me, can } = useSession();
  const users = useAsync((signal) => api<{ users: User[] }>('GET', '/api/users', undefined, { signal }).then((r) => r.users), []);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  const manage = can('user.manage');

  const act = async (fn: () => Promise<unknown>, text: string): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: 'ok', text });
      users.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const patch = (u: User, body: Record<string, unknown>, text: string): Promise<void> => act(() => api('PATCH', `/api/users/${encodeURIComponent(u.id)}`, body), text);

  const runConfirm = (): void => {
    if (!confirm) return;
    const { kind, user: u } = confirm;
    setConfirm(null);
    if (kind === 'mfa') void act(() => api('POST', `/api/users/${encodeURIComponent(u.id)}/reset-mfa`), `${u.displayName} will set up two-step sign-in again at the next sign-in.`);
    if (kind === 'sessions') void act(() => api('POST', `/api/users/${encodeURIComponent(u.id)}/kill-sessions`), `Every session of ${u.displayName} has ended; they must sign in again.`);
    if (kind === 'deactivate') void patch(u, { active: false }, `${u.displayName} can no longer sign in.`);
  };

  return (
    <section>
      <PageTitle actions={manage && !creating && <button className="btn primary" type="button" onClick={() => setCreating(true)}>Add a user</button>}>Users</PageTitle>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {creating && (
        <CreateUser
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setMessage({ kind: 'ok', text: `${u.displayName} can now sign in as “${u.username}”.` });
            users.reload();
          }}
        />
      )}
      <AsyncView value={users} loading="Loading users…" errorTitle="The users could not be loaded">
        {(list) =>
          list.length === 0 ? (
            <Empty>No users yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Staff accounts</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Username</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Two-step sign-in</th>
                    <th scope="col">Emergency access</th>
                    {manage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => (
                    <tr key={u.id} className={u.active ? '' : 'inactive'}>
                      <th scope="row">
                        {u.displayName}
                        {u.demo && <span className="chip muted">demo</span>}
                      </th>
                      <td>{u.username}</td>
                      <td>
                        {manage && u.id !== me.user.id ? (
                          <SelectField label={`Role of ${u.displayName}`} className="inline-field label-hidden" value={u.role} disabled={busy} options={ROLE_OPTIONS} onChange={(e) => void patch(u, { role: e.target.value }, `${u.displayName} is now ${ROLE_LABELS[e.target.value]}.`)} />
                        ) : (
                          ROLE_LABELS[u.role] ?? u.role
                        )}
                      </td>
                      <td>{u.active ? `Active since ${formatDate(u.createdAt)}` : 'Deactivated'}</td>
                      <td>{u.mfaEnrolled ? 'On' : 'Not set up'}</td>
                      <td>
                        {manage ? (
                          <label className="checkbox">
                            <input type="checkbox" checked={u.emergencyAccess} disabled={busy} onChange={(e) => void patch(u, { emergencyAccess: e.target.checked }, `${u.displayName} ${e.target.checked ? 'may now' : 'may no longer'} use emergency access.`)} />{' '}
                            <span className="visually-hidden">Emergency access for {u.displayName}</span>
                            {u.emergencyAccess ? 'Allowed' : 'Not allowed'}
                          </label>
                        ) : u.emergencyAccess ? (
                          'Allowed'
                        ) : (
                          'Not allowed'
                        )}
                      </td>
                      {manage && (
                        <td>
                          <div className="actions tight">
                          {u.active ? (
                            u.id !== me.user.id && (
                              <button className="btn small danger-outline" type="button" disabled={busy} onClick={() => setConfirm({ kind: 'deactivate', user: u })}>
                                Deactivate
                              </button>
                            )
                          ) : (
                            <button className="btn small" type="button" disabled={busy} onClick={() => void patch(u, { active: true }, `${u.displayName} can sign in again.`)}>
                              Reactivate
                            </button>
                          )}
                          {u.mfaEnrolled && (
                            <button className="btn small" type="button" disabled={busy} onClick={() => setConfirm({ kind: 'mfa', user: u })}>
                              Reset two-step
                            </button>
                          )}
                          {can('session.manage') && (
                            <button className="btn small" type="button" disabled={busy} onClick={() => setConfirm({ kind: 'sessions', user: u })}>
                              End sessions
                            </button>
                          )}
                          </div>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
      <Dialog open={!!confirm} title={confirm?.kind === 'mfa' ? 'Reset two-step sign-in?' : confirm?.kind === 'sessions' ? 'End all sessions?' : 'Deactivate this user?'} onClose={() => setConfirm(null)}>
        {confirm && (
          <>
            <p>
              {confirm.kind === 'mfa' && `${confirm.user.displayName} will have to set up an authenticator app again at the next sign-in. Do this when a phone is lost or replaced.`}
              {confirm.kind === 'sessions' && `${confirm.user.displayName} will be signed out everywhere at once, for example after a lost device.`}
              {confirm.kind === 'deactivate' && `${confirm.user.displayName} will no longer be able to sign in, and open sessions end. Their history stays in the audit trail. You can reactivate the account later.`}
            </p>
            <div className="actions">
              <button className="btn danger" type="button" onClick={runConfirm}>
                {confirm.kind === 'mfa' ? 'Reset two-step sign-in' : confirm.kind === 'sessions' ? 'End all sessions' : 'Deactivate'}
              </button>
              <button className="btn" type="button" onClick={() => setConfirm(null)} autoFocus>
                Cancel
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
};

const CreateUser = ({ onCancel, onCreated }: { onCancel: () => void; onCreated: (u: User) => void }) => {
  const [form, setForm] = useState({ username: '', displayName: '', role: 'front_desk', password: '' });
  const [emergency, setEmergency] = useState(false);
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const parsed = userCreateSchema.safeParse({ ...form, emergencyAccess: emergency });
  const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error.issues, (p) => p, form)), ...serverErrors };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    if (Object.keys(errors).length) return;
    setBusy(true);
    setFailure('');
    try {
      onCreated(await api<User>('POST', '/api/users', { ...form, username: form.username.trim().toLowerCase(), emergencyAccess: emergency }));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issues.length) setServerErrors(issuesByPath(err.issues));
      setFailure(errorText(err));
    }
  };
  const bind = (k: keyof typeof form) => ({
    name: k,
    value: form[k],
    error: submitted ? errors[k] : undefined,
    onChange: (e: { target: { value: string } }) => {
      setForm((f) => ({ ...f, [k]: e.target.value }));
      setServerErrors(({ [k]: _, ...rest }) => rest);
    },
  });
  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label="Add a user">
      <h2>Add a user</h2>
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <div className="grid">
        <TextField label="Full name" required autoComplete="off" {...bind('displayName')} />
        <TextField label="Username" required autoComplete="off" hint="3 to 40 characters: letters, digits, dot, dash, underscore" {...bind('username')} />
        <SelectField label="Role" required options={ROLE_OPTIONS} {...bind('role')} />
        <TextField label="First password" type="password" required autoComplete="new-password" hint="At least 12 characters. Give it to the user in person." {...bind('password')} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={emergency} onChange={(e) => setEmergency(e.target.checked)} /> May use emergency access (break the glass)
      </label>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
