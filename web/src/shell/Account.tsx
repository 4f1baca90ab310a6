import { useState, type FormEvent } from 'react';
import { api } from './api.ts';
import { ROLE_LABELS, formatDateTime } from './format.ts';
import { MfaEnrolment } from './MfaEnrolment.tsx';
import { useSession } from './session.tsx';
import { Notice, PageTitle, SelectField, TextArea, errorText } from './ui.tsx';

/** The signed-in user's account: two-step sign-in and emergency access. */
export const Account = () => {
  const { me, refresh } = useSession();
  const [enrolling, setEnrolling] = useState(false);
  const [done, setDone] = useState('');
  return (
    <section>
      <PageTitle>Your account</PageTitle>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{me.user.displayName}</dd>
        <dt>Username</dt>
        <dd>{me.user.username}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[me.user.role] ?? me.user.role}</dd>
        <dt>Screen lock</dt>
        <dd>after {Math.max(1, (me.idleMinutes || 15) - 1)} minutes without use</dd>
      </dl>
      <h2>Two-step sign-in</h2>
      {done && <Notice kind="ok">{done}</Notice>}
      {me.user.mfaEnrolled ? (
        <p>Two-step sign-in is on: each sign-in asks for a code from your authenticator app. If you lose your phone, ask an administrator to reset it.</p>
      ) : enrolling ? (
        <MfaEnrolment
          onDone={() => {
            setEnrolling(false);
            setDone('Two-step sign-in is now on. Next time you sign in, Medoffice will ask for a code from your app.');
            void refresh();
          }}
          onCancel={() => setEnrolling(false)}
        />
      ) : (
        <>
          <p>Two-step sign-in is off. Turn it on to protect patient records even if someone learns your password.</p>
          <button className="btn primary" type="button" onClick={() => setEnrolling(true)}>
            Set up two-step sign-in
          </button>
        </>
      )}
      {me.user.emergencyAccess && <EmergencyAccess />}
    </section>
  );
};

/** "Break the glass": time-boxed access to records the role does not open, with a reason that is reviewed. */
const EmergencyAccess = () => {
  const { me, refresh } = useSession();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (reason.trim().length < 10) return setError('Describe the emergency in at least 10 characters; a reviewer will read it.');
    setBusy(true);
    setError('');
    try {
      await api('POST', '/api/break-glass', { reason: reason.trim(), minutes: Number(minutes) });
      setReason('');
      await refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h2>Emergency access</h2>
      {me.breakGlass ? (
        <p>Emergency access is on until {formatDateTime(me.breakGlass.endsAt)}.</p>
      ) : (
        <form onSubmit={submit} noValidate className="narrow">
          <p>Use only in an emergency, when you must see a record your role does not open. Everything you do is recorded and reviewed.</p>
          <TextArea label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required rows={3} error={error || undefined} />
          <SelectField label="For" value={minutes} onChange={(e) => setMinutes(e.target.value)} options={[{ value: '30', label: '30 minutes' }, { value: '60', label: '1 hour' }, { value: '120', label: '2 hours' }, { value: '240', label: '4 hours' }]} />
          <button className="btn danger" type="submit" disabled={busy}>
            {busy ? 'Starting…' : 'Start emergency access'}
          </button>
        </form>
      )}
    </>
  );
};
