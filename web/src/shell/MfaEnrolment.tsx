import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from './api.ts';
import { ErrorState, Loading, Notice, TextField, errorText } from './ui.tsx';

interface EnrolStart {
  otpauthUri: string;
  qrDataUrl: string;
  secret: string;
}

/** The result of confirming: a session (from a sign-in challenge) or just "enrolled". */
export type EnrolResult = { kind: 'session' } | { kind: 'enrolled' };

const grouped = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * TOTP enrolment: shows the QR code and the secret for manual entry, then confirms with a first
 * code. With a `challenge` it finishes a sign-in; without, it enrols the signed-in user.
 */
export const MfaEnrolment = ({ challenge, onDone, onCancel }: { challenge?: string; onDone: (r: EnrolResult) => void; onCancel?: () => void }) => {
  const [start, setStart] = useState<{ status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ok'; data: EnrolStart }>({ status: 'loading' });
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const begin = (): void => {
    setStart({ status: 'loading' });
    api<EnrolStart>('POST', '/api/auth/mfa/enrol/start', challenge ? { challenge } : {}).then(
      (data) => setStart({ status: 'ok', data }),
      (e: unknown) => setStart({ status: 'error', error: e }),
    );
  };
  useEffect(() => {
    // One secret per visit: a second start would replace the one on screen.
    if (started.current) return;
    started.current = true;
    begin();
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) return setError('Enter the 6-digit code your authenticator app shows now.');
    setBusy(true);
    setError('');
    try {
      const r = await api<{ kind: 'session' | 'enrolled' }>('POST', '/api/auth/mfa/enrol/confirm', challenge ? { challenge, code: c } : { code: c });
      onDone(r.kind === 'session' ? { kind: 'session' } : { kind: 'enrolled' });
    } catch (err) {
      setError(errorText(err).replace(/Correct the marked fields and try again\.$/, 'Wait for the next code in your app and enter it.'));
      setBusy(false);
    }
  };

  if (start.status === 'loading') return <Loading label="Preparing your two-step sign-in…" />;
  if (start.status === 'error') return <ErrorState error={start.error} onRetry={begin} title="Two-step sign-in could not be set up" />;
  const { qrDataUrl, secret } = start.data;
  return (
    <form onSubmit={submit} className="enrol" noValidate>
      <ol className="steps">
        <li>Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP).</li>
        <li>Scan this QR code with the app.</li>
      </ol>
      <img className="qr" src={qrDataUrl} alt="QR code to add Medoffice to your authenticator app" width={200} height={200} />
      <p>
        Cannot scan? Enter this key in the app by hand (time-based, 6 digits):
        <br />
        <code className="secret" data-testid="mfa-secret" aria-label={`Setup key ${secret.split('').join(' ')}`}>
          {grouped(secret)}
        </code>
      </p>
      <ol className="steps" start={3}>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <TextField label="Code from your app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} error={error || undefined} required />
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Turn on two-step sign-in'}
        </button>
        {onCancel && (
          <button className="btn" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {busy && <Notice kind="ok">Checking the code…</Notice>}
    </form>
  );
};
