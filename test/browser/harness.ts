import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { build } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });

/** Builds the web app into web/dist, so the server serves the code under test. */
export const buildWeb = async (): Promise<void> => {
  // Vitest sets NODE_ENV=test; the app is built as it ships (React's production build).
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'error', mode: 'production' });
  } finally {
    process.env.NODE_ENV = env;
  }
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) throw new Error('vite build produced no web/dist/index.html');
};

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `medoffice start` (migrate, seed the demo practice, serve) on a fresh data directory. */
export const startServer = async (): Promise<RunningServer> => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'medoffice-browser-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/medoffice.mjs'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MEDOFFICE_DATA_DIR: dataDir, TZ: 'UTC', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`medoffice start exited with ${child.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`medoffice start did not answer /api/health in 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Debian's Chromium, headless; never a downloaded browser. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/** Saves a full-page screenshot as test-results/<name>.png. */
export const shot = async (page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> => {
  mkdirSync(RESULTS, { recursive: true });
  // From the top, so the sticky header is where a user sees it.
  if (opts.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: opts.fullPage ?? true });
};

/** Signs in with a username and password (demo users have no MFA until they enrol). */
export const signIn = async (page: Page, url: string, username: string, password = `demo-${username}`): Promise<void> => {
  await page.goto(`${url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

/** Text on the page that must never reach a user: raw JSON, error codes, placeholders. */
export const forbiddenText = async (page: Page): Promise<string[]> => {
  const text = await page.locator('body').innerText();
  const bad: string[] = [];
  if (/\{\s*"[a-zA-Z]+"\s*:/.test(text)) bad.push('raw JSON');
  if (/\b(undefined|NaN|\[object Object\]|lorem ipsum|TODO|FIXME)\b/i.test(text)) bad.push('placeholder or broken value');
  if (/\b(not_found|precondition_failed|unauthenticated|too_many_requests|FST_ERR_\w+)\b/.test(text)) bad.push('untranslated error code');
  return bad;
};

/** Screenshot plus the check every screen must pass: no raw JSON, placeholders or error codes. */
export const look = async (page: Page, name: string): Promise<void> => {
  await page.waitForFunction(() => !document.querySelector('.state.loading, .wi-patient.pending'), undefined, { timeout: 15_000 });
  await shot(page, name);
  expect(await forbiddenText(page), `screen ${name}`).toEqual([]);
};

export const title = (page: Page) => page.getByRole('heading', { level: 1 });

export const totp = (secret: string, at = Date.now()): string =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

export const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * One browser suite's lifecycle: builds the web app, starts a server on fresh demo data and
 * Chromium, screenshots the page a failing test stopped on, and closes everything at the end.
 */
export const browserSuite = () => {
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  let current: Page | null = null;

  beforeAll(async () => {
    await buildWeb();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current) await shot(current, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  return {
    /** The running server's base URL. */
    get url(): string {
      return server!.url;
    },
    /** The page to picture if the test fails (the newest page is, by default). */
    focus(page: Page): void {
      current = page;
    },
    /** A page in a fresh browser context at 1280x800. */
    async newPage(opts: { downloads?: boolean } = {}): Promise<Page> {
      const ctx = await browser!.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: opts.downloads ?? false });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      current = page;
      return page;
    },
  };
};
