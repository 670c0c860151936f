// The issuer's token API: `POST /pincontrol/v2/plastic/{plasticId}` mints a
// control id for one plastic and scope; the retired v1 endpoints answer 410.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { isAuthorized, WWW_AUTHENTICATE, type ClientCredentials } from './auth.js';
import { isScope } from '../src/scope.js';
import type { ControlIdStore } from './control-ids.js';
import { jsonError, limitBody, readJsonObject, requireMediaType } from './http.js';
import { FRAME_PATH, WEBVIEW_PATH } from './page-html.js';
import type { PlasticStore } from './plastics.js';
import { PLASTIC_ID_PATTERN } from './seed.js';

export interface TokenApiDeps {
  credentials: ClientCredentials;
  controlIds: ControlIdStore;
  plastics: PlasticStore;
  /** The sandbox's own origin, for the absolute URLs in the answer. */
  origin: (requestUrl: string) => string;
}

const AUDIT_USER = /^[\p{L}\p{N} ._@+-]{1,100}$/u;

function requireClient(credentials: ClientCredentials): MiddlewareHandler {
  return async (c, next) => {
    if (!isAuthorized(c.req.header('authorization'), credentials)) {
      c.header('WWW-Authenticate', WWW_AUTHENTICATE);
      return jsonError(c, 401, 'unauthorized', 'Missing or wrong credentials.');
    }
    await next();
  };
}

export function tokenApi({ credentials, controlIds, plastics, origin }: TokenApiDeps): Hono {
  const api = new Hono();

  api.post('/pincontrol/v2/plastic/:plasticId', requireClient(credentials), requireMediaType('application/json'), limitBody, async (c) => {
    c.header('Cache-Control', 'no-store');
    const plasticId = c.req.param('plasticId');
    const auditUser = c.req.query('auditUser');
    if (!auditUser || !AUDIT_USER.test(auditUser)) {
      return jsonError(c, 400, 'bad_audit_user', 'The auditUser query parameter is required (1–100 letters, digits, ._@+- or space).');
    }
    if (!PLASTIC_ID_PATTERN.test(plasticId)) {
      return jsonError(c, 400, 'bad_plastic_id', 'The plastic id must be digits only.');
    }
    const body = await readJsonObject(c);
    if (!body) return jsonError(c, 400, 'bad_body', 'The body must be a JSON object.');
    if (!isScope(body.scope)) return jsonError(c, 400, 'bad_scope', 'scope must be VIEW_PIN or SET_PIN.');
    if (!plastics.has(plasticId)) return jsonError(c, 404, 'plastic_not_found', 'No such plastic.');
    if (body.scope === 'SET_PIN' && !plastics.canSet(plasticId)) {
      return jsonError(c, 409, 'plastic_produced', 'The plastic is already produced; its PIN can no longer be set.');
    }
    if (body.scope === 'VIEW_PIN' && !plastics.isProduced(plasticId)) {
      return jsonError(c, 409, 'plastic_not_produced', 'The plastic has no PIN yet; set one first.');
    }
    const id = controlIds.issue(plasticId, body.scope);
    const base = origin(c.req.url);
    return c.json({ id, pinURL: `${base}${WEBVIEW_PATH}`, pinFrameURL: `${base}${FRAME_PATH}` }, 201);
  });

  const gone = (c: Context) => {
    c.header('Link', '</pincontrol/v2/plastic/{plasticId}>; rel="successor-version"');
    return jsonError(c, 410, 'gone', 'The v1 API is no longer supported: use POST /pincontrol/v2/plastic/{plasticId}?auditUser=… instead.');
  };
  api.all('/v1/card/:cardId', gone);
  api.all('/v1/card/:cardId/plastic/:plasticId', gone);

  return api;
}
