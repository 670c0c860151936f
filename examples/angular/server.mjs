// `npm run serve`: the built app (dist/angular/browser) and its same-origin
// token endpoint, POST /api/pin-control/token, in one small Hono server.
// `npm start` (ng serve) proxies /api to this server (proxy.conf.json).
// The issuer credentials stay here; the browser only ever sees {id, pinFrameURL}.
// Every framework example has its own copy of this wiring on purpose: each
// example is meant to be copied alone.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

const port = Number(process.env.PORT ?? 4300);
const devPort = Number(process.env.NG_SERVE_PORT ?? 4200);
const root = 'dist/angular/browser';

const tokenHandler = createTokenHandler({
  client: createIssuerClient({
    baseUrl: process.env.PIN_CONTROL_API_BASE ?? 'http://127.0.0.1:4100',
    credentials: {
      username: process.env.PIN_CONTROL_USERNAME ?? 'demo-client',
      password: process.env.PIN_CONTROL_PASSWORD ?? 'demo-secret',
    },
  }),
  // The pages' exact origins: this server's, and `ng serve`'s that proxies here.
  allowedOrigins: [port, devPort].flatMap((p) => [
    `http://127.0.0.1:${p}`,
    `http://localhost:${p}`,
  ]),
  // The fixed demo session: in a real app this comes from your session store.
  getSession: () => ({
    sessionId: 'angular-example',
    plasticId: '9000000000000001',
    auditUser: 'angular-example',
  }),
});

const app = new Hono();
app.all('/api/pin-control/token', (c) => tokenHandler(c.req.raw));
app.use('/*', serveStatic({ root }));
app.get('*', serveStatic({ path: `${root}/index.html` })); // client-side routes

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
