import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parsePayerConnection, read270, type BatchConnection } from '../../src/integrations/clearinghouse/index.ts';
import { build271, parse271 } from '../../src/x12/index.ts';
import { inMemoryControlNumbers } from '../../src/x12/testing/in-memory-control-numbers.ts';
import { inquiryFor, inquiryInput, NOW, NPI, testGateway } from './clearinghouse-fixtures.ts';

const dirs = () => {
  const root = mkdtempSync(join(tmpdir(), 'medoffice-drop-'));
  const outboxDir = join(root, 'out');
  const inboxDir = join(root, 'in');
  mkdirSync(outboxDir);
  mkdirSync(inboxDir);
  return { root, outboxDir, inboxDir };
};

const batch = (d: { outboxDir: string; inboxDir: string }, over: Record<string, unknown> = {}): BatchConnection =>
  parsePayerConnection({ mode: 'batch', payerId: 'sunrise', outboxDir: d.outboxDir, inboxDir: d.inboxDir, pollIntervalMs: 5, timeoutMs: 10_000, ...over }) as BatchConnection;

/** Plays the clearinghouse: waits for the 270 in the outbox, takes it and returns its name and text. */
const pickUp = async (outboxDir: string): Promise<{ name: string; text: string }> => {
  for (;;) {
    const name = readdirSync(outboxDir).find((n) => !n.startsWith('.'));
    if (name) {
      const text = readFileSync(join(outboxDir, name), 'utf8');
      renameSync(join(outboxDir, name), join(outboxDir, `.taken-${name}`));
      return { name, text };
    }
    await delay(5);
  }
};

/** A 271 for the 270 the clearinghouse picked up, echoing its trace number unless told not to. */
const answerFor = async (x12: string, opts: { echoTrace?: boolean; status?: 'active' | 'inactive' } = {}): Promise<string> => {
  const inq = read270(x12)!;
  const built = await build271(
    {
      payer: { name: 'SUNRISE HEALTH PLAN', id: 'SUN01' }, provider: { npi: NPI, organizationName: 'MAPLE FAMILY PRACTICE' },
      subscriber: { lastName: 'DOE', firstName: 'JANE', memberId: inq.subscriber.memberId! },
      ...(opts.echoTrace === false ? {} : { inquiryTrace: inq.trace! }),
      createdAt: new Date(NOW), coverage: { status: opts.status ?? 'active', planName: 'PPO GOLD' },
      envelope: { senderId: 'CLEARHOUSE', receiverId: 'MEDOFFICE' },
    },
    inMemoryControlNumbers({ interchange: 900 }),
  );
  return built.text;
};

/** Drops a file into the inbox the way a careful clearinghouse does: written aside, then renamed. */
const drop = (inboxDir: string, name: string, text: string): void => {
  writeFileSync(join(inboxDir, `.${name}.tmp`), text);
  renameSync(join(inboxDir, `.${name}.tmp`), join(inboxDir, name));
};

describe('batch through a directory drop', () => {
  it('round trip: the 270 lands in the outbox under its control numbers; the matching 271 is taken from the inbox, others are left', async () => {
    const d = dirs();
    const { gateway } = testGateway();
    const inq = await inquiryFor(inquiryInput('PPO1001'), batch(d), 42);
    // Another inquiry's answer is already waiting: it must stay for its owner.
    const other = await answerFor((await inquiryFor(inquiryInput('PPO2002'), batch(d), 7)).x12);
    drop(d.inboxDir, 'answer-for-someone-else.x12', other);

    const sending = gateway.send270(inq);
    const picked = await pickUp(d.outboxDir);
    expect(picked.name).toBe('270-000000042-0042-00000000000040008000000000000001.x12');
    expect(picked.text).toBe(inq.x12);
    const answer = await answerFor(picked.text, { status: 'inactive' });
    drop(d.inboxDir, '271-batch-1.x12', answer);

    const out = await sending;
    expect(out).toMatchObject({ kind: 'response', transport: 'directory', x12: answer, payloadId: '00000000-0000-4000-8000-000000000001' });
    const r = parse271(out.kind === 'response' ? out.x12 : '');
    expect([r.coverage.status, r.traces[0]?.number]).toEqual(['inactive', 'T-PPO1001']);
    expect(readdirSync(d.inboxDir).sort()).toEqual(['answer-for-someone-else.x12', 'processed']);
    expect(readdirSync(join(d.inboxDir, 'processed'))).toEqual(['271-batch-1.x12']);
  });

  it('an answer without our trace is matched by a file name carrying the 270\'s ISA13', async () => {
    const d = dirs();
    const { gateway } = testGateway();
    const inq = await inquiryFor(inquiryInput('HMO3003'), batch(d), 77);
    const sending = gateway.send270(inq);
    const picked = await pickUp(d.outboxDir);
    drop(d.inboxDir, 'not-a-271.txt', 'Jane Doe called');
    drop(d.inboxDir, `271_${inq.interchangeControlNumber}.x12`, await answerFor(picked.text, { echoTrace: false }));
    const out = await sending;
    expect(out.kind).toBe('response');
    expect(readdirSync(d.inboxDir).sort()).toEqual(['not-a-271.txt', 'processed']);
  });

  it('no answer in time: failed `timeout`, retry after 90 s, and the 270 is taken back from the outbox', async () => {
    const d = dirs();
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), batch(d, { timeoutMs: 20 })));
    expect(out).toMatchObject({ kind: 'failed', code: 'timeout', transport: 'directory', reason: 'no 271 in the inbox within 20 ms', retryAfter: new Date(new Date(NOW).getTime() + 90_000) });
    expect(readdirSync(d.outboxDir)).toEqual([]);
  });

  it('a missing inbox: failed `unreachable`, nothing written, no path or patient data in the reason', async () => {
    const d = dirs();
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), batch({ outboxDir: d.outboxDir, inboxDir: join(d.root, 'nope') })));
    expect(out).toMatchObject({ kind: 'failed', code: 'unreachable', reason: 'could not drop the 270 into the outbox or find the inbox (ENOENT)' });
    expect([readdirSync(d.outboxDir), existsSync(join(d.root, 'nope'))]).toEqual([[], false]);
  });
});
