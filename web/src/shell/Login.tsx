import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from './api.ts';
import { MfaEnrolment } from './MfaEnrolment.tsx';
import { Notice, TextField, errorText } from './ui.tsx';

type LoginAnswer = { kind: 'session' } | { kind: 'mfa' | 'mfa_enrol'; challenge: string };
type Step = { kind: 'password' } | { kind: 'code'; challenge: string } | { kind: 'enrol'; challenge: string };

/** The sign-in screen: password, then the MFA code or the MFA enrolment when the server asks. */
export const Login = ({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) => {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [step.kind]);

  const fail = (e: unknown): void => {
    setBusy(false);
    if (e instanceof ApiError && e.status === 401 && step.kind !== 'password' && /expired|sign in again/i.test(e.message)) {
      setStep({ kind: 'password' });
      setPassword('');
      setError('The sign-in took too long and has expired. Enter your password again.');
      return;
    }
    setError(errorText(e).replace(/ Correct the marked fields and try again\.$/, ' Check what you entered and try again.'));
  };

  const signIn = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!username.trim() || !password) return setError('Enter your username and password.');
    setBusy(true);
    setError('');
    try {
      const r = await api<LoginAnswer>('POST', '/api/auth/login', { username: username.trim(), password });
      setPassword('');
      setBusy(false);
      if (r.kind === 'session') onSignedIn();
      else setStep(r.kind === 'mfa' ? { kind: 'code', challenge: r.challenge } : { kind: 'enrol', challenge: r.challenge });
    } catch (err) {
      fail(err);
    }
  };

  const verify = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (step.kind !== 'code') return;
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) return setError('Enter the 6-digit code your authenticator app shows now.');
    setBusy(true);
    setError('');
    try {
      await api('POST', '/api/auth/mfa', { challenge: step.challenge, code: c });
      onSignedIn();
    } catch (err) {
      setCode('');
      fail(err);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-card">
        <p className="brand-large" aria-hidden="true">
          Medoffice
        </p>
        {step.kind === 'password' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              Sign in to Medoffice
            </h1>
            {notice && <Notice kind="ok">{notice}</Notice>}
            <form onSubmit={signIn} noValidate>
              <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} required />
              <TextField label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
              {error && <Notice kind="error">{error}</Notice>}
              <button className="btn primary wide" type="submit" disabled={busy}>
                {busy ? 'Signing in…' : 'Sign in'}
              </button>
            </form>
          </>
        )}
        {step.kind === 'code' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              Enter your sign-in code
            </h1>
            <p>Open your authenticator app and enter the 6-digit code it shows for Medoffice.</p>
            <form onSubmit={verify} noValidate>
              <TextField label="6-digit code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} required autoFocus />
              {error && <Notice kind="error">{error}</Notice>}
              <button className="btn primary wide" type="submit" disabled={busy}>
                {busy ? 'Checking…' : 'Verify and sign in'}
              </button>
              <button className="btn link" type="button" onClick={() => (setStep({ kind: 'password' }), setError(''))}>
                Use a different account
              </button>
            </form>
          </>
        )}
        {step.kind === 'enrol' && (
          <>
            <h1 ref={heading} tabIndex={-1}>
              Set up two-step sign-in
            </h1>
            <p>Your role needs a second step at sign-in: a code from an app on your phone. This takes a minute and is needed once.</p>
            {error && <Notice kind="error">{error}</Notice>}
            <MfaEnrolment challenge={step.challenge} onDone={() => onSignedIn()} onCancel={() => setStep({ kind: 'password' })} />
          </>
        )}
      </div>
    </main>
  );
};
