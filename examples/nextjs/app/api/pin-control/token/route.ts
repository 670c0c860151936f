// The app's same-origin token endpoint, POST /api/pin-control/token, as a
// Route Handler on the nodejs runtime (the default). The issuer credentials
// stay on the server; the browser only ever gets {id, pinFrameURL}. (Every
// example has its own copy of this wiring on purpose: each stands alone.)
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

// A fixed demo session: a real app takes these from its own session store
// (cookies(), its auth library), never from the request body. 9000000000000001
// is the sandbox's test plastic that can be viewed and set any number of times.
const DEMO_SESSION = {
  sessionId: 'pin-control-example-nextjs',
  plasticId: '9000000000000001',
  auditUser: 'example-nextjs',
};

// Made on the first request, not at import: `next build` loads this module,
// and the settings come from the environment at run time (createIssuerClient
// refuses a missing baseUrl).
let handler: ReturnType<typeof createTokenHandler> | undefined;

function tokenHandler(request: Request): Promise<Response> {
  const env = process.env;
  // `next start` and `next dev` serve on $PORT (default 3000); the handler
  // accepts only this page's own origin.
  const port = env.PORT ?? '3000';
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
  return handler(request);
}

// Not `export const POST = tokenHandler`: that runs, but fails
// `next build --webpack`'s route type check.
export async function POST(request: Request) {
  return tokenHandler(request);
}
