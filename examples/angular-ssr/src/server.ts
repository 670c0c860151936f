// The server `ng new --ssr` generates (Express), plus one route: the app's
// same-origin token endpoint, POST /api/pin-control/token. `ng serve` loads
// this file too, so the route works in development without a proxy. The
// issuer credentials stay here; the browser only ever sees {id, pinFrameURL}.
// Each example stands alone, to be copied on its own: what it shares with the
// other examples is repeated on purpose.
import {
  AngularNodeAppEngine,
  createNodeRequestHandler,
  isMainModule,
  writeResponseToNodeResponse,
} from '@angular/ssr/node';
import express from 'express';
import { join } from 'node:path';
import { createIssuerClient, createNodeTokenHandler } from 'pin-control/server';

const browserDistFolder = join(import.meta.dirname, '../browser');
const runAlone = isMainModule(import.meta.url);
// The page's exact origin: this server's when run on its own (PORT, default
// 4000); under `ng serve`, which loads this file, the dev server's (it reads
// PORT too, default 4200).
const port = process.env['PORT'] ?? (runAlone ? '4000' : '4200');

const app = express();
// Angular renders only for the hosts it knows (SSRF protection); `localhost`
// is one by default, 127.0.0.1 is not: without it the page is a 400.
const angularApp = new AngularNodeAppEngine({ allowedHosts: ['127.0.0.1'] });

// Before any body parser: the handler reads the body itself, size-capped.
app.all(
  '/api/pin-control/token',
  createNodeTokenHandler({
    client: createIssuerClient({
      baseUrl: process.env['PIN_CONTROL_API_BASE'] ?? 'http://127.0.0.1:4100',
      credentials: {
        username: process.env['PIN_CONTROL_USERNAME'] ?? 'demo-client',
        password: process.env['PIN_CONTROL_PASSWORD'] ?? 'demo-secret',
      },
    }),
    allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    // The fixed demo session: in a real app this comes from your session store.
    getSession: () => ({
      sessionId: 'angular-ssr-example',
      plasticId: '9000000000000001',
      auditUser: 'angular-ssr-example',
    }),
  }),
);

app.use(express.static(browserDistFolder, { maxAge: '1y', index: false, redirect: false }));

app.use((req, res, next) => {
  angularApp
    .handle(req)
    .then((response) => (response ? writeResponseToNodeResponse(response, res) : next()))
    .catch(next);
});

if (runAlone) {
  app.listen(Number(port), '127.0.0.1', (error) => {
    if (error) throw error;
    console.log(`listening on http://127.0.0.1:${port}`);
  });
}

/** The request handler `ng serve` and `ng build` use. */
export const reqHandler = createNodeRequestHandler(app);
