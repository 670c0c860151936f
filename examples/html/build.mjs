// The whole build of a plain page: copy src/ to dist/, write the sandbox's (or
// the issuer's) origin into frame-origins, and copy the single-file bundle (and
// the dompurify.js it loads lazily) out of the installed package. PIN_FRAME_ORIGIN defaults to the local sandbox.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const frameOrigin = process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100';
if (new URL(frameOrigin).origin !== frameOrigin)
  throw new Error(`PIN_FRAME_ORIGIN must be an origin (scheme://host:port), got ${frameOrigin}`);

const src = new URL('src/', import.meta.url);
const dist = new URL('dist/', import.meta.url);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

for (const name of readdirSync(src)) copyFileSync(new URL(name, src), new URL(name, dist));
const page = new URL('index.html', dist);
writeFileSync(page, readFileSync(page, 'utf8').replaceAll('%PIN_FRAME_ORIGIN%', frameOrigin));
// `pin-control/bundle` resolves through the package's exports, as any import would.
// dompurify.js ships beside it: the bundle imports it by a relative URL, only
// when `messages` carry markup, so the two files are served from one folder.
const bundle = fileURLToPath(import.meta.resolve('pin-control/bundle'));
copyFileSync(bundle, new URL('pin-control.bundle.js', dist));
copyFileSync(join(dirname(bundle), 'dompurify.js'), new URL('dompurify.js', dist));

console.log(`built dist/ (frame-origins ${frameOrigin})`);
