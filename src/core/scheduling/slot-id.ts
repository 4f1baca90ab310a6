import { isoUtc } from './local-time.ts';

// Stable slot ids: the same provider, location, type and start always give the same id, so a
// client can book a slot it found minutes earlier (FHIR Slot.id, [A-Za-z0-9\-.]{1,64}).
// Form: `slot-YYYYMMDDHHMM-<16 hex>`: the UTC start in clear (so a server can search only that
// minute to resolve the id) and a 64-bit FNV-1a hash of `providerId|locationId|typeId|start`.

const UTF8 = new TextEncoder();
const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};

/** 64-bit FNV-1a of a string's UTF-8 bytes, as 16 lower-case hex digits. */
export const fnv1a64 = (s: string): string => {
  // The 64-bit state as four 16-bit limbs, least significant first (offset basis cbf29ce484222325).
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  // Ids are ASCII in practice: read char codes directly, encode to UTF-8 only when needed.
  const bytes = isAscii(s) ? s : UTF8.encode(s);
  for (let i = 0; i < bytes.length; i++) {
    const byte = typeof bytes === 'string' ? bytes.charCodeAt(i) : (bytes[i] ?? 0);
    h0 ^= byte;
    // Multiply by the FNV prime 0x100000001b3 = 0x1b3 + (0x100 << 32), keeping 64 bits.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((h) => h.toString(16).padStart(4, '0')).join('');
};

const compactUtc = (ms: number): string => {
  const iso = isoUtc(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}`;
};

/** The stable id of a slot (start is a UTC instant: ISO string or epoch ms). */
export const slotId = (providerId: string, locationId: string, typeId: string, start: string | number): string => {
  const ms = typeof start === 'number' ? start : Date.parse(start);
  return `slot-${compactUtc(ms)}-${fnv1a64(`${providerId}|${locationId}|${typeId}|${isoUtc(ms)}`)}`;
};

const SLOT_ID = /^slot-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})-[0-9a-f]{16}$/;

/** The UTC start (ISO) a slot id carries, or null when the string is not a slot id. */
export const slotIdStart = (id: string): string | null => {
  const m = SLOT_ID.exec(id);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return compactUtc(ms) === id.slice(5, 17) ? isoUtc(ms) : null;
};
