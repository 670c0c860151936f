// The routes of the pages the cardholder's device opens (the desktop frame
// page and the mobile webview page), their assets, and the same-origin calls
// their script makes to check an id, view a PIN or set one. The pages' HTML
// and paths: page-html.ts.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { frameScript, stylesheet } from './assets.js';
import { isScope } from '../src/scope.js';
import { CONTROL_ID_PATTERN, type ControlIdCheck, type ControlIdStore } from './control-ids.js';
import { jsonError, limitBody, mediaType, readJsonObject, requireMediaType } from './http.js';
import {
  operationForScope,
  renderPinPage,
  renderRefusalPage,
  ASSETS_PATH,
  DEFAULT_STYLESHEET_PATH,
  FRAME_API_PATH,
  FRAME_PATH,
  SCRIPT_PATH,
  WEBVIEW_PATH,
} from './page-html.js';
import { pinProblem } from './pin-rules.js';
import type { PlasticStore } from './plastics.js';
import type { ClientConfig } from './seed.js';
import { pageHeaders, REFUSAL_PAGE_HEADERS } from './security-headers.js';

export interface PageRoutesDeps {
  clients: readonly ClientConfig[];
  controlIds: ControlIdStore;
  plastics: PlasticStore;
}

const REFUSAL_PAGE = renderRefusalPage('This page cannot be shown: unknown client key.');
const WEBVIEW_HEADERS = pageHeaders([]);

const REJECTION_STATUS = { unknown: 404, expired: 410, used: 410, 'wrong-scope': 403 } as const;

function rejectControlId(c: Context, check: Extract<ControlIdCheck, { ok: false }>): Response {
  return jsonError(
    c,
    REJECTION_STATUS[check.reason],
    `control_id_${check.reason.replace('-', '_')}`,
    'The control id cannot be used: restart the flow.',
  );
}

/** The page's own calls come from its own origin; a browser says so in Sec-Fetch-Site. */
const sameOriginOnly: MiddlewareHandler = async (c, next) => {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return jsonError(c, 403, 'cross_site', 'Same-origin requests only.');
  await next();
};

function controlIdFrom(body: Record<string, unknown>): string | undefined {
  const id = body.controlId;
  return typeof id === 'string' && CONTROL_ID_PATTERN.test(id) ? id : undefined;
}

export function pageRoutes({ clients, controlIds, plastics }: PageRoutesDeps): Hono {
  const app = new Hono();
  // A client key's frame page and headers never change: built once, here.
  const framePages = new Map(
    clients.map((client) => [
      client.key,
      {
        // The page cannot learn its parent from the request (the element frames
        // it with referrerpolicy=no-referrer, and frame-ancestors may hold
        // `http://localhost:*`), so its script takes the parent's origin from
        // the first message's event.origin, checked against these same sources.
        html: renderPinPage({ mode: 'frame', allowedOrigins: [...client.origins] }, client.stylesheet),
        headers: pageHeaders(client.origins),
      },
    ]),
  );

  app.get(FRAME_PATH, (c) => {
    const page = framePages.get(c.req.query('key') ?? '');
    return page ? c.html(page.html, 200, page.headers) : c.html(REFUSAL_PAGE, 403, REFUSAL_PAGE_HEADERS);
  });

  app.post(WEBVIEW_PATH, limitBody, async (c) => {
    for (const [name, value] of Object.entries(WEBVIEW_HEADERS)) c.header(name, value);
    if (mediaType(c) !== 'application/x-www-form-urlencoded') {
      return jsonError(c, 415, 'unsupported_media_type', 'Post the form as application/x-www-form-urlencoded.');
    }
    const controlId = new URLSearchParams(await c.req.text()).get('controlId') ?? '';
    // An unknown id still gets the page: its script reports the failure to the app.
    const operation = operationForScope(CONTROL_ID_PATTERN.test(controlId) ? controlIds.scopeOf(controlId) : undefined);
    return c.html(renderPinPage({ mode: 'webview', operation, controlId: operation ? controlId : '' }));
  });

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get(SCRIPT_PATH, async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.body(await frameScript(), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

  const serveStylesheet = async (c: Context, name: string) => {
    const css = await stylesheet(name);
    if (css === undefined) return jsonError(c, 404, 'not_found', 'No such stylesheet.');
    c.header('Cache-Control', 'no-cache');
    return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  };
  app.get(DEFAULT_STYLESHEET_PATH, (c) => serveStylesheet(c, 'frame.css'));
  app.get(`${ASSETS_PATH}/styles/:name`, (c) => serveStylesheet(c, c.req.param('name')));

  const frameApi = new Hono();
  frameApi.use(sameOriginOnly, requireMediaType('application/json'), limitBody, async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });

  /** Parses `{controlId, …}`; answers 400 itself when that fails. */
  const withBody = async (c: Context, handle: (controlId: string, body: Record<string, unknown>) => Response) => {
    const body = await readJsonObject(c);
    const controlId = body && controlIdFrom(body);
    if (!body || !controlId) return jsonError(c, 400, 'bad_body', 'Expected {"controlId": …}.');
    return handle(controlId, body);
  };

  // Is this id good for this operation? Does not use it up.
  frameApi.post('/check', (c) =>
    withBody(c, (controlId, body) => {
      if (!isScope(body.scope)) return jsonError(c, 400, 'bad_scope', 'scope must be VIEW_PIN or SET_PIN.');
      const check = controlIds.check(controlId, body.scope);
      return check.ok ? c.json({ ok: true }) : rejectControlId(c, check);
    }),
  );

  frameApi.post('/view', (c) =>
    withBody(c, (controlId) => {
      const check = controlIds.consume(controlId, 'VIEW_PIN');
      if (!check.ok) return rejectControlId(c, check);
      const pin = plastics.pinOf(check.grant.plasticId);
      if (pin === undefined) return jsonError(c, 409, 'plastic_not_produced', 'The plastic has no PIN yet.');
      return c.json({ pin });
    }),
  );

  // An invalid PIN leaves the id usable, so the cardholder can correct it.
  frameApi.post('/set', (c) =>
    withBody(c, (controlId, body) => {
      const check = controlIds.check(controlId, 'SET_PIN');
      if (!check.ok) return rejectControlId(c, check);
      const pin = typeof body.pin === 'string' ? body.pin : '';
      const problem = pinProblem(pin);
      if (problem) return jsonError(c, 422, 'invalid_pin', `The PIN is not acceptable (${problem}).`);
      controlIds.consume(controlId, 'SET_PIN');
      if (!plastics.setPin(check.grant.plasticId, pin)) {
        return jsonError(c, 409, 'plastic_produced', 'The plastic already has a PIN.');
      }
      return c.json({ ok: true });
    }),
  );

  app.route(FRAME_API_PATH, frameApi);
  return app;
}
