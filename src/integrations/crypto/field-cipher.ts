import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { FieldCipher } from '../../core/patients/index.ts';

const VERSION = 'v1';

/**
 * AES-256-GCM for sensitive fields: `v1.<iv>.<ciphertext>.<tag>` in base64url, a fresh 96-bit IV
 * each time. The blind index is an HMAC so equal values can be matched without decrypting.
 */
export const createFieldCipher = (fieldKey: Buffer, indexKey: Buffer): FieldCipher => ({
  encrypt(plain) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', fieldKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [VERSION, iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join('.');
  },
  decrypt(sealed) {
    const [v, iv, ct, tag] = sealed.split('.');
    if (v !== VERSION || !iv || ct === undefined || !tag) throw new Error('unreadable encrypted field');
    const d = createDecipheriv('aes-256-gcm', fieldKey, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  },
  blindIndex: (plain) => createHmac('sha256', indexKey).update(plain).digest('base64url'),
});
