import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DomainError } from '../core/shared/index.ts';
import { PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_USERNAME, parsePayerConnection, type PayerConnection } from '../integrations/clearinghouse/index.ts';

/** Which clearinghouse connection serves a payer, or null when it has no electronic eligibility. */
export type PayerConnections = (payer: { id: string; payerCode: string }) => PayerConnection | null;

const FileSchema = z.record(z.string().min(1).max(80), z.unknown());

/**
 * Reads `MEDOFFICE_PAYER_CONNECTIONS`: a JSON object from payer code to connection settings
 * (`{"PBPPO": {"mode": "realtime", "endpointUrl": ..., ...}}`). A bad file names the payer code
 * and the field; the file's secrets are never echoed.
 */
export const loadPayerConnections = (file: string | undefined): PayerConnections => {
  if (!file) return () => null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`configuration: MEDOFFICE_PAYER_CONNECTIONS: the file cannot be read as JSON (${(e as Error).name})`);
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) throw new Error('configuration: MEDOFFICE_PAYER_CONNECTIONS: expected an object from payer code to connection settings');
  const byCode = new Map<string, PayerConnection>();
  for (const [code, value] of Object.entries(parsed.data)) {
    try {
      byCode.set(code, parsePayerConnection({ payerId: code, ...(value as object) }));
    } catch (e) {
      const issues = e instanceof DomainError ? e.issues.map((i) => `${i.path} ${i.message}`).join('; ') : (e as Error).message;
      throw new Error(`configuration: MEDOFFICE_PAYER_CONNECTIONS: ${code}: ${issues}`);
    }
  }
  return (payer) => byCode.get(payer.payerCode) ?? null;
};

/** Every payer answered in real time by the payer simulator at `url` (the demo practice). */
export const simulatorConnections = (url: string): PayerConnections => {
  const cache = new Map<string, PayerConnection>();
  return (payer) => {
    let c = cache.get(payer.payerCode);
    if (!c) {
      c = parsePayerConnection({ payerId: payer.payerCode, mode: 'realtime', endpointUrl: url, senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID, username: PAYER_SIM_USERNAME, password: PAYER_SIM_PASSWORD });
      cache.set(payer.payerCode, c);
    }
    return c;
  };
};
