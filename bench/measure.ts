import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs `fn` `n` times one after another; latency percentiles in milliseconds. */
export const timeEach = async (n: number, fn: (i: number) => unknown): Promise<Latency> => {
  const ms: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  const total = performance.now() - t0;
  ms.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 1000) / 1000;
  return { n, p50: at(0.5), p99: at(0.99), perSecond: Math.round((n / total) * 1000) };
};

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Drives a server over loopback with autocannon (HTTP/1.1 keep-alive) for `seconds`. */
export const load = async (opts: { url: string; seconds: number; connections: number; requests: autocannon.Request[]; headers?: Record<string, string> }): Promise<Load> => {
  const r = await autocannon({ url: opts.url, connections: opts.connections, duration: opts.seconds, headers: opts.headers, requests: opts.requests });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
};

/** Starts a child process and resolves with the first stdout line matching `ready`. */
export const startChild = (cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString();
      const m = buf.match(ready);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited with ${code} before it was ready`)));
  });
