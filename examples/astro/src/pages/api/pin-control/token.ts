// The app's same-origin token endpoint, POST /api/pin-control/token. The issuer
// credentials stay on the server; the browser only ever gets {id, pinFrameURL}.
// (Every example has its own copy of this wiring on purpose: each stands alone.)
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

// Not prerendered: a prerendered endpoint gets no request headers under
// `astro dev` (403 csrf-header-required) and does not exist after `astro build`.
export const prerender = false;

// A fixed demo session: a real app takes these from its own session store
// (`Astro.session`, its auth library's cookie), never from the request body.
// 9000000000000001 is the sandbox's test plastic that can be viewed and set
// any number of times.
const DEMO_SESSION = {
  sessionId: 'pin-control-example-astro',
  plasticId: '9000000000000001',
  auditUser: 'example-astro',
};

const env = process.env;
// `astro dev` and the standalone server both listen on $PORT (default 4321);
// the handler accepts only this page's own origin.
const port = env.PORT ?? '4321';

// Astro hands a route its context, which carries the Request as `request`:
// the handler takes it as it is.
export const POST = createTokenHandler({
  client: createIssuerClient({
    baseUrl: env.PIN_CONTROL_API_BASE ?? 'http://127.0.0.1:4100',
    credentials: {
      username: env.PIN_CONTROL_USERNAME ?? 'demo-client',
      password: env.PIN_CONTROL_PASSWORD ?? 'demo-secret',
    },
  }),
  allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  getSession: async () => DEMO_SESSION,
});
