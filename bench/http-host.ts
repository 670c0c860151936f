// Benchmark 5's server, run as its own process so that autocannon (in the
// bench's process) and the server do not share one event loop: the demo's
// real host server (security headers on every answer, session cookie, the
// token helper) on 127.0.0.1, its issuer stubbed in-process to answer a valid
// 201 at once (an injected fetch: no second HTTP server on the same cores, so
// the token route pays for one HTTP exchange, as the hello route does), every
// check on: the CSRF checks, and the rate limit (the in-memory store, one key
// per session: the bench signs in one session per connection, and raises the
// limit to 1,000,000 a minute per session so that none is refused), and
// the audit sink a no-op (no stdout I/O in the timed path). Prints
// `listening <origin>` when ready; stops on SIGTERM or when stdin closes.
//
// The token route is the demo's: the token helper's Node adapter, ahead of
// Hono (demo/server.ts). The stub answers with Node's own (undici) Response,
// as a real fetch does: @hono/node-server replaces the global Response with
// its own wrapper once the server starts, and a stub built on that wrapper
// would pay for two objects per answer that no fetch ever returns.
import { startHostServer } from '../demo/server.js';

const FetchResponse = globalThis.Response;

const ISSUER = 'https://issuer.example';
const ISSUED = JSON.stringify({
  id: 'bench-control-id-0123456789abcdef',
  pinURL: `${ISSUER}/pincontrol/v2/webview`,
  pinFrameURL: `${ISSUER}/pincontrol/v2/frame`,
});

const host = await startHostServer({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  configure: () => ({
    distDir: 'bench/page', // never reached: the two routes answer first
    issuer: { baseUrl: ISSUER, credentials: { username: 'bench', password: 'bench-secret' }, key: 'bench', frameOrigin: ISSUER },
    issuerFetch: async () => new FetchResponse(ISSUED, { status: 201, headers: { 'content-type': 'application/json' } }),
    rateLimit: { limit: 1_000_000, windowMs: 60_000 },
    audit: () => {},
    log: () => {},
  }),
});
console.log(`listening ${host.origin}`);

const stop = () => void host.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
