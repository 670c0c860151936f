// The app's same-origin token endpoint, POST /api/pin-control/token, as a Vite
// plugin: `vite` (npm run dev) and `vite preview` (npm run serve) both get it.
// The issuer credentials stay here, in the server process; the browser only
// ever sees {id, pinFrameURL}. Every framework example has its own copy of this
// wiring on purpose: each example is meant to be copied alone.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createIssuerClient, createTokenHandler } from 'pin-control/server';
import type { Connect, Plugin } from 'vite';

export const TOKEN_PATH = '/api/pin-control/token';

/** The fixed demo session: in a real app this comes from your session store. */
const DEMO_SESSION = { sessionId: 'svelte-example', plasticId: '9000000000000001', auditUser: 'svelte-example' };

function mount(middlewares: Connect.Server, httpServer: Server | null | undefined): void {
  const client = createIssuerClient({
    baseUrl: process.env.PIN_CONTROL_API_BASE ?? 'http://127.0.0.1:4100',
    credentials: {
      username: process.env.PIN_CONTROL_USERNAME ?? 'demo-client',
      password: process.env.PIN_CONTROL_PASSWORD ?? 'demo-secret',
    },
  });
  let listener: ReturnType<typeof getRequestListener> | undefined;

  httpServer?.once('listening', () => {
    const { port } = httpServer.address() as AddressInfo;
    // The page's exact origins: the endpoint refuses every other caller.
    const handler = createTokenHandler({
      client,
      allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
      getSession: () => DEMO_SESSION,
    });
    listener = getRequestListener(handler);
    console.log(`listening on http://127.0.0.1:${port}`);
  });

  middlewares.use((req, res, next) => {
    if (req.url?.split('?')[0] !== TOKEN_PATH || !listener) return next();
    void listener(req, res);
  });
}

export function pinControlEndpoint(): Plugin {
  return {
    name: 'pin-control-token-endpoint',
    configureServer(server) {
      mount(server.middlewares, server.httpServer as Server | null);
    },
    configurePreviewServer(server) {
      mount(server.middlewares, server.httpServer as Server);
    },
  };
}
