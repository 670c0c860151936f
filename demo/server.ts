// The host page's server: the built demo, the cardholder's session and the
// token endpoint on one origin, with the security headers on every response.
// The issuer (or the sandbox standing in for it) is another origin.
//
// The token endpoint is served by the token helper's Node adapter, ahead of
// Hono (`startHostServer`): the way we recommend integrating it on Node, as
// it skips the Request, Headers, web stream and Response a Fetch adapter
// builds per request. The Hono app keeps the same route through the Fetch
// handler (`app.request()` in tests, other runtimes); both share one rate
// limit and answer alike (test/node/demo/host-server.test.ts compares them).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  createIssuerClient,
  createMemoryRateLimitStore,
  createNodeTokenHandler,
  createTokenHandler,
  type AuditRecord,
  type RateLimitOptions,
  type TokenHandlerOptions,
  type TokenSession,
} from '../src/server/index.js';
import { DEMO_CARDHOLDER, publicCard, type DemoCardholder } from './cardholder.js';
import type { IssuerSettings } from './config.js';
import {
  CSP_REPORT_BODY_LIMIT,
  formatCspViolation,
  isCspReportContentType,
  parseCspReports,
  type CspViolationSummary,
} from './csp-reports.js';
import { checkJsonPost } from './request-guard.js';
import { CSP_REPORT_PATH, securityHeaders } from './security-headers.js';
import { SessionStore, sessionCookie, sessionIdFromCookieHeader, type Session } from './session.js';

export const TOKEN_PATH = '/api/pin-control/token';
const SESSION_PATH = '/api/session';
/** A load balancer's liveness probe; the bench's hello-world baseline. */
export const HEALTH_PATH = '/api/health';
const MAX_KEPT_REPORTS = 100;

export interface HostConfig {
  /** This server's own origin, e.g. `http://localhost:4000`: the only one allowed to call the API. */
  origin: string;
  /** The built demo (`demo/dist`). */
  distDir: string;
  issuer: IssuerSettings;
  /** The frame URL, when known in advance (the element then loads it while fetching the token). */
  frameUrl?: string;
  cardholder?: DemoCardholder;
  /** Operational log lines (CSP reports, errors). Default: console.log. */
  log?: (line: string) => void;
  /** The token endpoint's audit records. Default: one JSON line on stdout. */
  audit?: (record: AuditRecord) => void;
  /** The token endpoint's per-session limit (default 10 a minute in memory; a Redis store to share it between instances). */
  rateLimit?: RateLimitOptions;
  /** The fetch the issuer client uses (default the global one); the bench stubs the issuer with it. */
  issuerFetch?: typeof fetch;
}

export interface HostApp {
  app: Hono;
  /**
   * The token endpoint as a Node handler, with the same security headers as
   * every other answer: `startHostServer` routes `TOKEN_PATH` here, ahead of Hono.
   */
  tokenRoute: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** The CSP violations reported so far (the latest 100), for tests and operators. */
  cspReports: CspViolationSummary[];
}

export function createHostApp(config: HostConfig): HostApp {
  const log = config.log ?? ((line: string) => console.log(line));
  const headers = Object.entries(securityHeaders({ frameOrigin: config.issuer.frameOrigin, pageOrigin: config.origin }));
  const allowedOrigins = [config.origin];
  const sessions = new SessionStore({ cardholder: config.cardholder ?? DEMO_CARDHOLDER });
  const cspReports: CspViolationSummary[] = [];

  const secure = config.origin.startsWith('https:');
  const sessionOf = (cookieHeader: string | null | undefined) => sessions.get(sessionIdFromCookieHeader(cookieHeader, secure));

  const client = createIssuerClient({
    baseUrl: config.issuer.baseUrl,
    credentials: config.issuer.credentials,
    key: config.issuer.key,
    ...(config.issuerFetch ? { fetch: config.issuerFetch } : {}),
  });
  // The plastic comes from the session's selected card, never from the request.
  const tokenSession = (cookieHeader: string | null | undefined): TokenSession | null => {
    const session = sessionOf(cookieHeader);
    if (!session) return null;
    const card = sessions.selectedCard(session);
    return { sessionId: session.id, plasticId: card.plasticId, auditUser: session.cardholder.auditUser };
  };
  // One store for both adapters below, so a session has one limit whichever answers it.
  const tokenOptions: Omit<TokenHandlerOptions, 'getSession'> = {
    client,
    allowedOrigins,
    ...(config.audit ? { audit: config.audit } : {}),
    rateLimit: { ...config.rateLimit, store: config.rateLimit?.store ?? createMemoryRateLimitStore() },
  };
  const tokenHandler = createTokenHandler({ ...tokenOptions, getSession: (request) => tokenSession(request.headers.get('cookie')) });
  const nodeTokenHandler = createNodeTokenHandler<IncomingMessage>({
    ...tokenOptions,
    getSession: (request) => tokenSession(request.headers.cookie),
  });
  // The same headers as the middleware below sets on Hono's answers; the
  // handler adds its own (content type, no-store, nosniff: the same values).
  const tokenRoute = (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    return nodeTokenHandler(request, response);
  };

  const sessionView = (session: Session) => ({
    cardholder: { name: session.cardholder.name },
    cards: sessions.cards(session).map(publicCard),
    selectedCardId: session.selectedCardId,
    pinControl: {
      tokenUrl: TOKEN_PATH,
      frameOrigin: config.issuer.frameOrigin,
      frameKey: config.issuer.key,
      ...(config.frameUrl ? { frameUrl: config.frameUrl } : {}),
    },
  });

  const app = new Hono();

  // Every response, whatever produced it (static file, API, 404, error).
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  });

  // One origin. A page opened under another name for this server (127.0.0.1
  // for localhost) would load, and then every API call it makes would be
  // refused as cross-origin: send the browser to the origin the API accepts.
  // Other methods go on, to be refused by their own origin checks.
  const canonicalHost = new URL(config.origin).host;
  app.use(async (c, next) => {
    const { host, pathname, search } = new URL(c.req.url); // the node server builds it from the Host header
    if (host === canonicalHost || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    return c.redirect(`${config.origin}${pathname}${search}`, 308);
  });

  // The demo signs the visitor in as the demo cardholder on first contact.
  app.get(SESSION_PATH, (c) => {
    let session = sessionOf(c.req.header('cookie'));
    if (!session) {
      session = sessions.create();
      c.header('Set-Cookie', sessionCookie(session.id, secure));
    }
    return c.json(sessionView(session));
  });

  /** The page's own JSON POSTs: CSRF-checked, then the session, or the answer that refuses them. */
  const postedSession = (c: Context): { session: Session } | { refused: Response } => {
    const refusal = checkJsonPost(c.req.raw.headers, allowedOrigins);
    if (refusal) return { refused: c.json({ error: refusal.code }, refusal.status) };
    const session = sessionOf(c.req.header('cookie'));
    return session ? { session } : { refused: c.json({ error: 'unauthenticated' }, 401) };
  };

  app.post(`${SESSION_PATH}/card`, bodyLimit({ maxSize: 1024, onError: (c) => c.json({ error: 'payload-too-large' }, 413) }), async (c) => {
    const posted = postedSession(c);
    if ('refused' in posted) return posted.refused;
    const { session } = posted;
    const cardId = await readCardId(c);
    if (cardId === undefined || !sessions.selectCard(session, cardId)) return c.json({ error: 'unknown-card' }, 400);
    return c.json(sessionView(session));
  });

  app.post(`${SESSION_PATH}/card/pin-set`, (c) => {
    const posted = postedSession(c);
    if ('refused' in posted) return posted.refused;
    sessions.markPinSet(posted.session);
    return c.json(sessionView(posted.session));
  });

  app.all(TOKEN_PATH, (c) => tokenHandler(c.req.raw));

  app.get(HEALTH_PATH, (c) => c.json({ ok: true }));

  // Browsers post violation reports here (report-uri and report-to). Anyone
  // can post, so the body is small, parsed defensively and only summarized.
  app.post(CSP_REPORT_PATH, bodyLimit({ maxSize: CSP_REPORT_BODY_LIMIT, onError: (c) => c.body(null, 413) }), async (c) => {
    if (!isCspReportContentType(c.req.header('content-type'))) return c.body(null, 415);
    for (const violation of parseCspReports(await c.req.text())) {
      log(formatCspViolation(violation));
      cspReports.push(violation);
      if (cspReports.length > MAX_KEPT_REPORTS) cspReports.shift();
    }
    return c.body(null, 204);
  });

  app.use('/*', serveStatic({ root: config.distDir }));

  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    log(`error: ${error.name}`); // not the message: it could quote a request
    return c.text('Internal error', 500);
  });

  return { app, tokenRoute, cspReports };
}

async function readCardId(c: Context): Promise<string | undefined> {
  try {
    const body: unknown = await c.req.json();
    const cardId = (body as { cardId?: unknown } | null)?.cardId;
    return typeof cardId === 'string' ? cardId : undefined;
  } catch {
    return undefined;
  }
}

/** The token path exactly, with or without a query, as Hono's router matches `app.all(TOKEN_PATH)`. */
function isTokenPath(url: string | undefined): boolean {
  if (url === undefined || !url.startsWith(TOKEN_PATH)) return false;
  return url.length === TOKEN_PATH.length || url.charCodeAt(TOKEN_PATH.length) === 0x3f; // '?'
}

export interface StartHostOptions {
  port?: number;
  hostname?: string;
  /** Everything but `origin`, which is known once the server listens (port 0 picks a free one). */
  configure: (origin: string) => Omit<HostConfig, 'origin'> | Promise<Omit<HostConfig, 'origin'>>;
}

export interface RunningHost {
  origin: string;
  cspReports: CspViolationSummary[];
  close(): Promise<void>;
}

export const DEFAULT_HOST_PORT = 4000;
const DEFAULT_HOST_HOSTNAME = 'localhost';

/** Listens first, then builds the app for the origin it got. */
export async function startHostServer({
  port = DEFAULT_HOST_PORT,
  hostname = DEFAULT_HOST_HOSTNAME,
  configure,
}: StartHostOptions): Promise<RunningHost> {
  let host: HostApp | undefined;
  // What createAdaptorServer() would build: Hono through @hono/node-server's listener.
  const honoListener = getRequestListener((request, env) =>
    host ? host.app.fetch(request, env) : new Response('Starting', { status: 503 }),
  );
  const server = createServer((request, response) => {
    if (host && isTokenPath(request.url)) void host.tokenRoute(request, response);
    else void honoListener(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive connections would hold close() open.
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  const origin = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  try {
    host = createHostApp({ ...(await configure(origin)), origin });
  } catch (error) {
    await close();
    throw error;
  }
  return { origin, cspReports: host.cspReports, close };
}
