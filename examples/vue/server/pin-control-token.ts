// The app's same-origin token endpoint, POST /api/pin-control/token, as a Vite
// plugin: `npm run dev` and `npm run serve` (vite preview) both get it. In
// production this handler lives in your real backend (see pin-control/server's
// README for Hono, Next.js and plain Node). (The React example has the same file:
// each example stands alone on purpose.)
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createIssuerClient, createTokenHandler } from 'pin-control/server';
import type { Connect, HttpServer, Plugin } from 'vite';

const TOKEN_PATH = '/api/pin-control/token';

// A fixed demo session: a real app takes these from its own session store,
// never from the request body. 9000000000000001 is the sandbox's test plastic
// that can be viewed and set any number of times.
const DEMO_SESSION = {
  sessionId: 'pin-control-example-vue',
  plasticId: '9000000000000001',
  auditUser: 'example-vue',
};

export function pinControlToken(): Plugin {
  return {
    name: 'pin-control-token',
    configureServer(server) {
      server.middlewares.use(tokenEndpoint(server.httpServer));
    },
    configurePreviewServer(server) {
      server.middlewares.use(tokenEndpoint(server.httpServer));
    },
  };
}

function tokenEndpoint(httpServer: HttpServer | null): Connect.NextHandleFunction {
  const env = process.env;
  const client = createIssuerClient({
    baseUrl: env.PIN_CONTROL_API_BASE ?? 'http://127.0.0.1:4100',
    credentials: {
      username: env.PIN_CONTROL_USERNAME ?? 'demo-client',
      password: env.PIN_CONTROL_PASSWORD ?? 'demo-secret',
    },
  });
  let listener: ReturnType<typeof getRequestListener> | undefined;

  // The handler accepts only this page's own origin, known once the port is.
  httpServer?.on('listening', () => {
    const { port } = httpServer.address() as AddressInfo;
    const handler = createTokenHandler({
      client,
      allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
      getSession: async () => DEMO_SESSION,
    });
    listener = getRequestListener(handler);
    console.log(`listening on http://127.0.0.1:${port}`);
  });

  return (req, res, next) => {
    if (req.url?.split('?')[0] !== TOKEN_PATH || !listener) return next();
    void listener(req, res);
  };
}
