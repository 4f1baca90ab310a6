import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorSeal } from '../../core/audit/index.ts';
import { createAnchorFile } from './anchor-file.ts';
import { hmacSealer } from './keys.ts';

const seal = hmacSealer(Buffer.alloc(32, 7));
const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'anchor-file-'));
  dirs.push(dir);
  return join(dir, 'audit-anchor.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const head = (seq: number) => ({ seq, mac: seq.toString(16).padStart(64, '0') });

describe('audit anchor file', () => {
  it('holds the newest head after a burst of commits, sealed, and never goes back', async () => {
    const path = fresh();
    // A long interval: the burst after the first write waits for `flush` rather than a timer.
    const anchors = createAnchorFile(path, seal, { minIntervalMs: 60_000 });
    expect(await anchors.read()).toBeNull();
    for (let i = 1; i <= 50; i++) anchors.note(head(i));
    anchors.note(head(7));
    await anchors.flush();
    const a = await anchors.read();
    expect(a).toEqual({ ...head(50), seal: anchorSeal(head(50), seal) });
    anchors.note(head(49));
    await anchors.flush();
    expect((await anchors.read())?.seq).toBe(50);
    expect(readdirSync(join(path, '..'))).toEqual(['audit-anchor.json']);
  });

  it('writes at once when commits are far apart', async () => {
    const path = fresh();
    const anchors = createAnchorFile(path, seal, { minIntervalMs: 0 });
    anchors.note(head(1));
    await anchors.flush();
    anchors.note(head(2));
    await anchors.flush();
    expect((await anchors.read())?.seq).toBe(2);
  });
});
