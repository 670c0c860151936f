// Plays the CMS: publishes the bundle and the theme's files under /assets/,
// fills the editor's snippet (the bundle's SRI hash, PIN_FRAME_ORIGIN) into a
// page template, and writes the page's Content-Security-Policy with the exact
// hashes of the only two scripts it may run. Prints the snippet to paste.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const frameOrigin = process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100';
if (new URL(frameOrigin).origin !== frameOrigin)
  throw new Error(`PIN_FRAME_ORIGIN must be an origin (scheme://host:port), got ${frameOrigin}`);

const src = (name) => new URL(`src/${name}`, import.meta.url);
const dist = (name) => new URL(`dist/${name}`, import.meta.url);
/** The SRI value, and also the CSP hash source for the same script: sha384, base64. */
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

rmSync(dist(''), { recursive: true, force: true });
mkdirSync(dist('assets'), { recursive: true });

// `pin-control/bundle` resolves through the package's exports, as any import would.
const bundle = readFileSync(fileURLToPath(import.meta.resolve('pin-control/bundle')));
writeFileSync(dist('assets/pin-control.bundle.js'), bundle);
copyFileSync(src('page-ui.js'), dist('assets/page-ui.js'));
copyFileSync(src('theme.css'), dist('assets/theme.css'));

const bundleSri = sri(bundle);
// The package ships the same hash in dist/bundle/integrity.json: check that what we publish is what was released.
const shipped = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.resolve('pin-control/bundle'))), 'integrity.json'), 'utf8'));
if (shipped['pin-control.bundle.js'] !== bundleSri) throw new Error(`the bundle's sha384 differs from the package's integrity.json`);
const pageUiSri = sri(readFileSync(src('page-ui.js')));
const snippet = readFileSync(src('snippet.html'), 'utf8')
  .replaceAll('%BUNDLE_SRI%', bundleSri)
  .replaceAll('%PIN_FRAME_ORIGIN%', frameOrigin);
const page = readFileSync(src('page.html'), 'utf8')
  .replace('<!-- cms:snippet -->', snippet.trimEnd())
  .replaceAll('%PAGE_UI_SRI%', pageUiSri);
writeFileSync(dist('index.html'), page);
writeFileSync(dist('snippet.html'), snippet);

// Scripts only by their exact hash (CSP Level 3 matches an external script
// whose integrity attribute carries a listed hash): no 'self', no inline, no eval.
// Trusted Types: lit-html's policy and the element's own (rich-text messages) only.
const policy = [
  "default-src 'none'",
  `script-src '${bundleSri}' '${pageUiSri}'`,
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  `frame-src ${frameOrigin}`,
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html pin-control',
].join('; ');
writeFileSync(dist('content-security-policy.txt'), `${policy}\n`);

console.log(`built dist/ (frame-origins ${frameOrigin})\n\nThe snippet to paste:\n\n${snippet}`);
