import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Keys derived from the one master key; none of them is ever stored in the database. */
export interface KeyRing {
  fieldKey: Buffer;
  indexKey: Buffer;
  auditKey: Buffer;
  /** Where the audit chain's outside anchor lives (beside the key). */
  anchorFile: string;
  /** True when the key was generated into the data directory (demo mode). */
  generated: boolean;
}

const derive = (master: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `medoffice/${purpose}`, 32));

const parseKey = (text: string, where: string): Buffer => {
  const t = text.trim();
  const buf = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) throw new Error(`${where} must hold a 256-bit key as 64 hex characters or base64`);
  return buf;
};

/**
 * Loads the master key from MEDOFFICE_KEY or MEDOFFICE_KEY_FILE; otherwise generates one into the
 * data directory (demo mode) and says so through `warn`.
 */
export const loadKeyRing = (env: { key?: string; keyFile?: string; dataDir: string }, warn: (msg: string) => void): KeyRing => {
  let master: Buffer;
  let anchorDir = env.dataDir;
  let generated = false;
  if (env.key) master = parseKey(env.key, 'MEDOFFICE_KEY');
  else {
    const file = env.keyFile ?? join(env.dataDir, 'medoffice.key');
    anchorDir = dirname(file);
    if (!existsSync(file)) {
      if (env.keyFile) throw new Error(`MEDOFFICE_KEY_FILE ${file} does not exist`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
      generated = true;
      warn(`generated a new encryption and audit key in ${file}: demo mode only; set MEDOFFICE_KEY_FILE to a key kept outside the data directory and backed up separately`);
    }
    master = parseKey(readFileSync(file, 'utf8'), file);
  }
  return {
    fieldKey: derive(master, 'field-encryption'),
    indexKey: derive(master, 'blind-index'),
    auditKey: derive(master, 'audit-hmac'),
    anchorFile: join(anchorDir, 'audit-anchor.json'),
    generated,
  };
};

/** HMAC-SHA-256 sealer for the audit chain. */
export const hmacSealer = (key: Buffer) => (text: string): string => createHmac('sha256', key).update(text).digest('hex');
