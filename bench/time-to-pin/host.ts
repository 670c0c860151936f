// The loopback world of the time-to-PIN benchmarks (bench/time-to-pin/),
// with a round-trip latency that applies to every request alike:
//
// - the host (localhost): pages, the element's bundle, the hand-written
//   baseline script, and the token endpoint (the real token helper, no rate
//   limit, every scope minted for its own plastic);
// - the issuer (127.0.0.1): a real sandbox behind a delaying proxy, so its API
//   (called by the token helper), its frame page, the page's script and
//   stylesheet and the page's own /check and /view calls each wait `latency` ms.
//
// `setLatency(ms)` changes it between groups of samples. Ports come from
// 10410-10499 (the range this bench may use on the shared machine).
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { loadSeed } from '../../sandbox/seed.js';
import { createIssuerClient, createTokenHandler } from '../../src/server/index.js';
import { esbuildBundleText } from '../esbuild-bundle.js';
import { delay, delayingProxy } from './delaying-proxy.js';

export const CLIENT_KEY = 'bench';
/** Produced (view), and never produced (set: /check only, never submitted). */
const PLASTICS = { view: '1000000000000001', set: '2000000000000001' } as const;
const PORTS = { from: 10410, to: 10499 };

export type Mode = 'view' | 'set';
export type Arm = 'baseline' | 'token-url' | 'frame-url';
/** Bench 9's arms: 100 elements or 100 hand-written flows on one page. */
export type ManyArm = 'baseline' | 'element';

export interface TimeToPinHost {
  hostOrigin: string;
  /** The issuer's origin as the browser sees it (the delaying proxy). */
  issuerOrigin: string;
  frameUrl: string;
  /** One flow on a fresh page. */
  pageUrl(arm: Arm, mode: Mode): string;
  /** A page ready to start `n` flows on `window.benchMany.start(n)`. */
  manyUrl(arm: ManyArm, mode: Mode): string;
  setLatency(ms: number): void;
  /** The requests the delaying proxy answered 502 since the last call, and why. */
  takeProxyFailures(): string[];
  close(): Promise<void>;
}

async function listenInRange(server: Server, hostname: string): Promise<number> {
  for (let port = PORTS.from; port <= PORTS.to; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      server.once('error', onError);
      server.listen(port, hostname, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${PORTS.from}-${PORTS.to}`);
}

async function sandboxInRange(hostOrigin: string): Promise<RunningSandbox> {
  for (let port = PORTS.from; port <= PORTS.to; port++) {
    try {
      return await startSandbox({ port, clients: [{ key: CLIENT_KEY, origins: [hostOrigin] }], log: () => {} });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`no free port in ${PORTS.from}-${PORTS.to} for the sandbox`);
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** Records long tasks on the host page, and (in the issuer's frame) when the PIN input shows. */
export function initScript(hostOrigin: string, issuerOrigin: string): string {
  return `(() => {
    if (location.origin === ${JSON.stringify(hostOrigin)}) {
      window.__longTasks = [];
      try {
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
          .observe({ type: 'longtask', buffered: true });
      } catch {}
    } else if (location.origin === ${JSON.stringify(issuerOrigin)}) {
      const observer = new MutationObserver(() => {
        const form = document.getElementById('set');
        if (form && !form.hidden) {
          observer.disconnect();
          window.__benchDone('set', performance.timeOrigin + performance.now());
        }
      });
      observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
    }
  })();`;
}

// Every arm's page has the same heading, as any real page has some text: on a
// page with none, the first text laid out (the element's status) would pay
// the page's one-time font and text set-up, about 3 ms, which no host page
// spares the hand-written flow either.
const page = (title: string, head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
${head}
</head><body><h1>Your card</h1><main id="stage">${body}</main></body></html>`;

/** `elementJs`: another build of the element (bench/time-to-pin/trace.ts serves an unminified one). */
export async function startTimeToPinHost(options: { elementJs?: string } = {}): Promise<TimeToPinHost> {
  let latency = 0;
  const [elementJs, baselineJs] = await Promise.all([
    options.elementJs ?? esbuildBundleText('src/define.ts'), // as the single-file bundle ships (see ../esbuild-bundle.ts)
    readFile(new URL('./hand-written.js', import.meta.url), 'utf8'),
  ]);

  let app: Hono | undefined;
  const hostServer = createAdaptorServer({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response('Starting', { status: 503 })),
  }) as Server;
  const hostPort = await listenInRange(hostServer, 'localhost');
  const hostOrigin = `http://localhost:${hostPort}`;

  const servers: Server[] = [hostServer];
  const sandbox = await sandboxInRange(hostOrigin).catch(async (error: unknown) => {
    await closeServer(hostServer);
    throw error;
  });
  const proxyFailures: string[] = [];
  const proxy = delayingProxy(
    new URL(sandbox.origin),
    () => latency,
    (line) => proxyFailures.push(line),
  );
  servers.push(proxy);
  const proxyPort = await listenInRange(proxy, '127.0.0.1');
  const issuerOrigin = `http://127.0.0.1:${proxyPort}`;
  const frameUrl = `${issuerOrigin}/pincontrol/v2/frame?key=${CLIENT_KEY}`;

  const { credentials } = loadSeed();
  const client = createIssuerClient({
    baseUrl: issuerOrigin, // through the proxy: the backend's call to the issuer has the latency too
    credentials: { username: credentials.username, password: credentials.password },
    key: CLIENT_KEY,
    // The sandbox names its own origin in pinFrameURL; the browser must reach it through the proxy.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const text = (await response.text()).replaceAll(sandbox.origin, issuerOrigin);
      return new Response(text, {
        status: response.status,
        headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
      });
    },
  });
  const handler = (mode: Mode) =>
    createTokenHandler({
      client,
      allowedOrigins: [hostOrigin],
      getSession: () => ({ sessionId: `bench-${mode}`, plasticId: PLASTICS[mode], auditUser: 'bench' }),
      rateLimit: { limit: 1_000_000_000, windowMs: 60_000 },
      audit: () => {},
    });
  const handlers = { view: handler('view'), set: handler('set') };

  const noStore = { 'cache-control': 'no-store' };
  const js = (body: string) => new Response(body, { headers: { 'content-type': 'text/javascript; charset=utf-8', ...noStore } });
  const html = (body: string) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...noStore } });
  const modeOf = (value: string | undefined): Mode => (value === 'set' ? 'set' : 'view');

  app = new Hono();
  app.use(async (_c, next) => {
    await delay(latency);
    await next();
  });
  app.get('/pin-control.js', () => js(elementJs));
  app.get('/hand-written.js', () => js(baselineJs));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.post('/api/token/:mode', (c) => handlers[modeOf(c.req.param('mode'))](c.req.raw));

  // One flow, from navigation start. The element's page listens for its
  // success event; the hand-written page reports from its own message handler.
  app.get('/one/:arm/:mode', (c) => {
    const mode = modeOf(c.req.param('mode'));
    const arm = c.req.param('arm') as Arm;
    if (arm === 'baseline') {
      return html(
        page(
          'hand-written',
          '<script type="module" src="/hand-written.js"></script>',
          `<div data-hand-written data-mode="${mode}" data-token-url="/api/token/${mode}" data-frame-origin="${issuerOrigin}"></div>`,
        ),
      );
    }
    const frameUrlAttribute = arm === 'frame-url' ? ` frame-url="${frameUrl}"` : '';
    return html(
      page(
        'pin-control',
        '<script type="module" src="/pin-control.js"></script>',
        `<pin-control mode="${mode}" token-url="/api/token/${mode}" frame-origins="${issuerOrigin}" frame-key="${CLIENT_KEY}"${frameUrlAttribute}></pin-control>
<script>document.addEventListener('view-pin-success', () => window.__benchDone('view', performance.now()));</script>`,
      ),
    );
  });

  // Many flows on one page, started by the driver once the page is idle.
  app.get('/many/:arm/:mode', (c) => {
    const mode = modeOf(c.req.param('mode'));
    const element = c.req.param('arm') === 'element';
    const script = element
      ? `<script type="module" src="/pin-control.js"></script>
<script type="module">
  window.benchMany = { start(n) {
    const stage = document.getElementById('stage');
    let done = 0, failed = 0; const started = performance.now();
    const why = [], batch = new AbortController(), { signal } = batch;
    const finish = (ok, event) => { ok ? done++ : (failed++, why.push(event.type + ' ' + JSON.stringify(event.detail)));
      window.benchMany.progress = { done, failed, why };
      if (done + failed === n) { batch.abort(); window.__benchDone('all', failed ? NaN : performance.now() - started); } };
    document.addEventListener('view-pin-success', () => finish(true), { signal });
    document.addEventListener('pin-control-error', (event) => finish(false, event), { signal });
    document.addEventListener('view-pin-error', (event) => finish(false, event), { signal });
    for (let i = 0; i < n; i++) {
      const el = document.createElement('pin-control');
      el.setAttribute('mode', '${mode}'); el.setAttribute('token-url', '/api/token/${mode}');
      el.setAttribute('frame-origins', '${issuerOrigin}'); el.setAttribute('frame-key', '${CLIENT_KEY}');
      el.setAttribute('token-timeout', '60000'); el.setAttribute('frame-timeout', '60000');
      stage.append(el);
    }
  } };
</script>`
      : `<script type="module">
  import { handWrittenFlow } from '/hand-written.js';
  window.benchMany = { start(n) {
    const stage = document.getElementById('stage');
    let done = 0, failed = 0; const started = performance.now();
    const finish = (ok) => { ok ? done++ : failed++; window.benchMany.progress = { done, failed };
      if (done + failed === n) window.__benchDone('all', failed ? NaN : performance.now() - started); };
    for (let i = 0; i < n; i++) {
      const box = document.createElement('div'); stage.append(box);
      handWrittenFlow(box, { mode: '${mode}', tokenUrl: '/api/token/${mode}', frameOrigin: '${issuerOrigin}',
        onDone: (what) => finish(what === 'view') });
    }
  } };
</script>`;
    return html(page(element ? 'many pin-control' : 'many hand-written', script, ''));
  });

  return {
    hostOrigin,
    issuerOrigin,
    frameUrl,
    pageUrl: (arm, mode) => `${hostOrigin}/one/${arm}/${mode}`,
    manyUrl: (arm, mode) => `${hostOrigin}/many/${arm}/${mode}`,
    takeProxyFailures: () => proxyFailures.splice(0),
    setLatency(ms) {
      latency = ms;
    },
    async close() {
      await Promise.all([...servers.map(closeServer), sandbox.close()]);
    },
  };
}
