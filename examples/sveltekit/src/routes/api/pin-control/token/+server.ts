// The app's same-origin token endpoint, POST /api/pin-control/token. The issuer
// credentials stay on the server; the browser only ever gets {id, pinFrameURL}.
// (Every example has its own copy of this wiring on purpose: each stands alone.)
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

// A fixed demo session: a real app takes these from its own session store
// (`event.locals` set by a hook, a cookie), never from the request body.
// 9000000000000001 is the sandbox's test plastic that can be viewed and set
// any number of times.
const DEMO_SESSION = {
  sessionId: 'pin-control-example-sveltekit',
  plasticId: '9000000000000001',
  auditUser: 'example-sveltekit',
};

// Made on the first request: `vite build` loads this module to analyse it,
// and the settings come from the environment at run time.
let handler: ReturnType<typeof createTokenHandler> | undefined;

// SvelteKit hands the route its event, which carries the Request as
// `request`: the handler takes the event as it is.
export const POST: import('./$types').RequestHandler = (event) => {
  // The handler accepts only this page's own origin: `vite dev` and
  // adapter-node both serve on $PORT (default 5173 for `vite dev`, strictPort
  // in vite.config.ts; 3000 for adapter-node). (process.env keeps the example
  // the same on SvelteKit 2 and 3, whose env modules differ.)
  const env = process.env;
  const port = env.PORT ?? (import.meta.env.DEV ? '5173' : '3000');
  handler ??= createTokenHandler({
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
  return handler(event);
};
