// Benchmark 5: the token endpoint over real HTTP on loopback, loaded with
// autocannon. Candidate: POST /api/pin-control/token on the demo's host server,
// which serves it through the token helper's Node adapter ahead of Hono
// (security headers, session cookie, CSRF checks, body read, schema, rate
// limit, session hash, the issuer client with its fetch stubbed to an instant
// 201). Baseline: GET /api/health, a hello-world JSON route on the same server
// (same middleware, same process, same run). Each sample is one autocannon
// run; the arms alternate AB BA … as everywhere in the bench.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { interleave, median, pairedResult, type BenchResult, type InterleaveOptions } from './stats.js';

export interface HttpBenchOptions {
  /** Seconds per autocannon run (one sample). */
  durationS: number;
  connections: number;
  interleave: InterleaveOptions;
}

export interface HttpBenchResult extends BenchResult {
  /** Per arm, each sample's p50 and p99 latency in ms (autocannon's histogram). */
  latency: Record<'candidate' | 'baseline', { p50: number[]; p99: number[] }>;
}

interface HostProcess {
  origin: string;
  stop(): Promise<void>;
}

function startHostProcess(): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-host.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`bench/http-host.ts did not start: ${output}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ origin: match[1]!, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench/http-host.ts exited (${code}): ${output}`));
    });
  });
}

export async function runHttpEndpointBenchmark(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const host = await startHostProcess();
  try {
    // One signed-in session per connection: each connection is its own
    // cardholder, so the rate limit counts several sessions, as in real use.
    const cookies: string[] = [];
    for (let i = 0; i < options.connections; i++) {
      const session = await fetch(`${host.origin}/api/session`);
      const cookie = session.headers.get('set-cookie')?.split(';')[0];
      if (!session.ok || !cookie) throw new Error(`http bench: no session cookie (${session.status})`);
      await session.body?.cancel();
      cookies.push(cookie);
    }
    const cookie = cookies[0]!;

    const token = {
      url: `${host.origin}/api/pin-control/token`,
      method: 'POST' as const,
      headers: {
        cookie,
        origin: host.origin,
        'sec-fetch-site': 'same-origin',
        'x-requested-with': 'pin-control',
        'content-type': 'application/json',
      },
      body: '{"scope":"VIEW_PIN"}',
    };
    const hello = { url: `${host.origin}/api/health`, method: 'GET' as const, headers: { cookie } };

    // Both must answer 200 with what they are meant to, or the comparison means nothing.
    const check = await fetch(token.url, { method: 'POST', headers: token.headers, body: token.body });
    const issued = (await check.json()) as { id?: string };
    if (check.status !== 200 || issued.id !== 'bench-control-id-0123456789abcdef') {
      throw new Error(`http bench: the token endpoint answered ${check.status} ${JSON.stringify(issued)}`);
    }
    const helloCheck = await fetch(hello.url);
    if (helloCheck.status !== 200) throw new Error(`http bench: /api/health answered ${helloCheck.status}`);
    await helloCheck.body?.cancel();

    const latency: HttpBenchResult['latency'] = { candidate: { p50: [], p99: [] }, baseline: { p50: [], p99: [] } };
    const samples: Record<'candidate' | 'baseline', Array<{ p50: number; p99: number }>> = { candidate: [], baseline: [] };
    const run = await interleave(async (arm) => {
      const target = arm === 'candidate' ? token : hello;
      let next = 0;
      const result = await autocannon({
        ...target,
        connections: options.connections,
        duration: options.durationS,
        // Each connection sends its own session's cookie (set once, not per request).
        setupClient: (client: { setHeaders(headers: Record<string, string>): void }) =>
          client.setHeaders({ ...target.headers, cookie: cookies[next++ % cookies.length]! }),
      });
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0) throw new Error(`http bench: ${arm} had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
      samples[arm].push({ p50: result.latency.p50, p99: result.latency.p99 });
      return result.requests.average;
    }, options.interleave);
    // The interleaver throws away the warm-up pairs: keep the same samples' latencies.
    const warmup = options.interleave.warmupPairs;
    for (const arm of ['candidate', 'baseline'] as const) {
      const kept = samples[arm].slice(warmup, warmup + run[arm].length);
      latency[arm] = { p50: kept.map((s) => s.p50), p99: kept.map((s) => s.p99) };
    }

    const result = pairedResult(run, {
      id: 'token-http',
      title: '5. token endpoint over HTTP',
      candidate: 'POST /api/pin-control/token on the demo host (Node adapter ahead of Hono; issuer stubbed, instant 201)',
      baseline: 'GET /api/health, hello-world JSON on the same server',
      unit: 'req/s',
      better: 'higher',
      target: 0.5,
      notes: [
        `autocannon, ${options.connections} connections (one session each), ${options.durationS} s per sample, loopback, server in its own process; rate limit and CSRF checks on (limit raised to 1,000,000 a minute per session)`,
        `latency p50 / p99: token ${median(latency.candidate.p50)} / ${median(latency.candidate.p99)} ms, hello ${median(latency.baseline.p50)} / ${median(latency.baseline.p99)} ms (medians over samples)`,
      ],
    });
    return { ...result, latency };
  } finally {
    await host.stop();
  }
}
