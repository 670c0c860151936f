// Benchmark 3: the token endpoint in-process. Candidate: createTokenHandler +
// createIssuerClient (CSRF checks, body read, zod validation, rate limiter,
// session hash, audit to a no-op) with the issuer's fetch stubbed to answer a
// valid 201 at once, so only our own code is timed. Baseline: a handler that
// just returns the same JSON Response. Both get an identical fresh Request and
// have their response body read.
import { createIssuerClient, createTokenHandler } from '../src/server/index.js';
import { jsonResponse } from '../src/server/responses.js';
import { interleave, median, pairedResult, type BenchResult, type InterleaveOptions } from './stats.js';
import { assertNodeFetchClasses } from './node-globals.js';
import { judgeCeiling } from './targets.js';

const ORIGIN = 'https://bank.example';
const ISSUER = 'https://issuer.example';
const ISSUED = {
  id: 'bench-control-id-0123456789abcdef',
  pinURL: `${ISSUER}/pincontrol/v2/webview`,
  pinFrameURL: `${ISSUER}/pincontrol/v2/frame`,
};
const ISSUER_BODY = JSON.stringify(ISSUED);
const REQUEST_BODY = '{"scope":"VIEW_PIN"}';
const ANSWER = { id: ISSUED.id, pinFrameURL: `${ISSUED.pinFrameURL}?key=bench` };

function tokenRequest(): Request {
  return new Request(`${ORIGIN}/api/pin-control/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-requested-with': 'pin-control',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      // What a server adapter hands over: browsers send the length of a string body.
      'content-length': String(REQUEST_BODY.length),
    },
    body: REQUEST_BODY,
  });
}

export interface TokenBenchOptions {
  batch: number;
  interleave: InterleaveOptions;
}

export interface TokenBenchResult extends BenchResult {
  /** Per arm, each kept sample's CPU µs per request, and the median difference. */
  cpuUs: { candidate: number[]; baseline: number[]; addedMedian: number };
}

export async function runTokenEndpointBenchmark(options: TokenBenchOptions): Promise<TokenBenchResult> {
  assertNodeFetchClasses('token bench');
  const client = createIssuerClient({
    baseUrl: ISSUER,
    credentials: { username: 'bench', password: 'bench-secret' },
    key: 'bench',
    fetch: async () => new Response(ISSUER_BODY, { status: 201, headers: { 'content-type': 'application/json' } }),
  });
  const candidate = createTokenHandler({
    client,
    allowedOrigins: [ORIGIN],
    getSession: () => ({ sessionId: 'bench-session', plasticId: '1000000000000001', auditUser: 'bench' }),
    // On, with the limit raised so that the bench's one session is never refused.
    rateLimit: { limit: 1_000_000, windowMs: 60_000 },
    audit: () => {},
  });
  const baseline = async (_request: Request): Promise<Response> => jsonResponse(200, ANSWER);

  // Both must answer the same thing, or the comparison means nothing.
  for (const handler of [candidate, baseline]) {
    const response = await handler(tokenRequest());
    const text = await response.text();
    if (response.status !== 200 || text !== JSON.stringify(ANSWER)) {
      throw new Error(`token bench: unexpected answer ${response.status} ${text}`);
    }
  }

  // Besides the wall clock (req/s, the table's figure), each sample's CPU time
  // (process.cpuUsage: this process, GC threads included) per request: on a
  // shared machine a sample can lose its core for milliseconds, which the wall
  // clock counts and the CPU time does not.
  const cpuUs: Record<'candidate' | 'baseline', number[]> = { candidate: [], baseline: [] };
  const result = await interleave(async (arm) => {
    const handler = arm === 'candidate' ? candidate : baseline;
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < options.batch; i++) {
      const response = await handler(tokenRequest());
      await response.text();
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    cpuUs[arm].push((used.user + used.system) / options.batch);
    return options.batch / seconds;
  }, options.interleave);
  // The interleaver throws away the warm-up pairs: keep the same samples' CPU times.
  const warmup = options.interleave.warmupPairs;
  const keptCpu = (arm: 'candidate' | 'baseline') => cpuUs[arm].slice(warmup, warmup + result[arm].length);
  const cpuCandidate = median(keptCpu('candidate'));
  const cpuBaseline = median(keptCpu('baseline'));

  const perRequestUs = (requestsPerSecond: number[]) => 1e6 / median(requestsPerSecond);
  const overheadUs = (perRequestUs(result.candidate) - perRequestUs(result.baseline)).toFixed(1);
  const bench = pairedResult(result, {
    id: 'token-endpoint',
    title: '3. token endpoint, in-process',
    candidate: 'createTokenHandler + createIssuerClient (stub issuer fetch)',
    baseline: 'handler returning the same JSON Response',
    unit: 'req/s',
    better: 'higher',
    notes: [
      `${options.batch} sequential requests per sample (fresh Request, body read, in both arms)`,
      `our code adds ≈ ${overheadUs} µs per request (wall clock, from the medians)`,
      `CPU per request (medians): ${cpuCandidate.toFixed(1)} µs against ${cpuBaseline.toFixed(1)} µs, ≈ ${(cpuCandidate - cpuBaseline).toFixed(1)} µs added`,
    ],
  });
  // Issue 10: under 100 µs added per request, judged on CPU time, which a
  // sample that loses its core to another process does not inflate.
  bench.judged = judgeCeiling(cpuCandidate - cpuBaseline, 100, (us) => `${us.toFixed(0)} µs CPU added`);
  return { ...bench, cpuUs: { candidate: keptCpu('candidate'), baseline: keptCpu('baseline'), addedMedian: cpuCandidate - cpuBaseline } };
}
