import { Secret, TOTP } from 'otpauth';
import type { Totp } from '../../core/access/index.ts';

// RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30-second steps.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ISSUER = 'Medoffice';
/** 160-bit secrets, the HMAC-SHA-1 key length RFC 4226 section 4 recommends. */
const SECRET_BYTES = 20;

const totpFor = (secret: string, username = ''): TOTP =>
  new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** TOTP through the otpauth library; one step of clock drift either way is accepted (RFC 6238 section 5.2). */
export const totp: Totp = {
  newSecret: () => new Secret({ size: SECRET_BYTES }).base32,
  uri: (secret, username) => totpFor(secret, username).toString(),
  stepFor(code, secret, at) {
    if (!/^\d{6}$/.test(code)) return null;
    const timestamp = at.getTime();
    const delta = totpFor(secret).validate({ token: code, timestamp, window: 1 });
    return delta === null ? null : TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
  },
};
