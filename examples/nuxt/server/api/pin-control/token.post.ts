// The app's same-origin token endpoint, POST /api/pin-control/token, as a Nitro
// route. The issuer credentials stay on the server; the browser only ever gets
// {id, pinFrameURL}. (Every example has its own copy of this wiring on purpose:
// each stands alone.)
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

// A fixed demo session: a real app takes these from its own session store
// (its auth module, a sealed cookie), never from the request body.
// 9000000000000001 is the sandbox's test plastic that can be viewed and set
// any number of times.
const DEMO_SESSION = {
  sessionId: 'pin-control-example-nuxt',
  plasticId: '9000000000000001',
  auditUser: 'example-nuxt',
};

const env = process.env;
// The built server listens on $PORT (default 3000); the handler accepts only
// this page's own origin.
const port = env.PORT ?? '3000';
const tokenHandler = createTokenHandler({
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

// Nuxt 4's h3 1 event is not a Fetch Request: toWebRequest makes one.
export default defineEventHandler((event) => tokenHandler(toWebRequest(event)));
