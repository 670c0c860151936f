// The HTML of the sandbox's pages (their routes: page-routes.ts): the desktop frame page, the mobile webview
// page and the refusal page. No inline script or style (the CSP forbids
// both): the page's configuration travels in a JSON data block, which the
// bundled script reads. The page's URLs live here too, for the server's routes
// and the page's script alike.
import type { Operation } from './client/messages.js';
import type { Scope } from '../src/scope.js';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from './pin-rules.js';

export const FRAME_PATH = '/pincontrol/v2/frame';
export const FRAME_API_PATH = `${FRAME_PATH}/api`;
export const WEBVIEW_PATH = '/pincontrol/v2/webview';
export const ASSETS_PATH = '/pincontrol/v2/assets';
export const SCRIPT_PATH = `${ASSETS_PATH}/frame.js`;
export const DEFAULT_STYLESHEET_PATH = `${ASSETS_PATH}/frame.css`;
export const CONFIG_ELEMENT_ID = 'pin-control-config';

export type PageConfig = { mode: 'frame'; allowedOrigins: string[] } | { mode: 'webview'; operation: Operation | null; controlId: string };

export function operationForScope(scope: Scope | undefined): Operation | null {
  if (scope === 'VIEW_PIN') return 'view-pin';
  if (scope === 'SET_PIN') return 'set-pin';
  return null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** JSON that cannot end its <script> data block or start a comment in it. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function stylesheetLinks(extraStylesheet: string | undefined): string {
  const hrefs = [DEFAULT_STYLESHEET_PATH];
  if (extraStylesheet) hrefs.push(`${ASSETS_PATH}/styles/${extraStylesheet}`);
  return hrefs.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n    ');
}

/** The PIN page used by both flows; the script decides which part to show. */
export function renderPinPage(config: PageConfig, extraStylesheet?: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>Card PIN</title>
    ${stylesheetLinks(extraStylesheet)}
    <script type="application/json" id="${CONFIG_ELEMENT_ID}">${jsonForScriptBlock(config)}</script>
    <script src="${SCRIPT_PATH}" defer></script>
  </head>
  <body>
    <main class="card" id="card" data-state="waiting">
      <h1 class="visually-hidden">Card PIN</h1>
      <p class="status" id="status" role="status" aria-live="polite">Loading…</p>
      <section class="view" id="view" aria-labelledby="pin-label" hidden>
        <h2 class="label" id="pin-label">Your PIN</h2>
        <p class="pin" id="pin"></p>
      </section>
      <form class="set" id="set" hidden novalidate>
        <label class="label" for="pin-input">Choose a new PIN</label>
        <input class="pin-input" id="pin-input" name="pin" type="password" inputmode="numeric"
          autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="done"
          pattern="[0-9]*" minlength="${PIN_MIN_LENGTH}" maxlength="${PIN_MAX_LENGTH}" required aria-describedby="pin-hint">
        <p class="hint" id="pin-hint" aria-live="polite">${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits. Avoid repeats such as 1111 and runs such as 1234.</p>
      </form>
    </main>
  </body>
</html>
`;
}

/** Shown for an unknown or missing key; this page is never framed. */
export function renderRefusalPage(message: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Refused</title>
    <link rel="stylesheet" href="${DEFAULT_STYLESHEET_PATH}">
  </head>
  <body>
    <main class="card" data-state="error">
      <h1 class="visually-hidden">Card PIN</h1>
      <p class="status">${escapeHtml(message)}</p>
    </main>
  </body>
</html>
`;
}
