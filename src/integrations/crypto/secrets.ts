import { createHash, randomBytes } from 'node:crypto';
import type { Secrets } from '../../core/access/index.ts';

/** 256 random bits per token (OWASP asks for at least 64 bits of entropy in a session id). */
const TOKEN_BYTES = 32;

/** Session, challenge and API tokens from the OS CSPRNG; SHA-256 so the database never holds a usable token. */
export const secrets: Secrets = {
  newToken: () => randomBytes(TOKEN_BYTES).toString('base64url'),
  hashToken: (token) => createHash('sha256').update(token, 'utf8').digest('hex'),
};
