// Development only: the console says why an element stays empty or stopped,
// and what to change. The development build calls watchForHints() at every
// connect; production drops this module whole (src/dev-mode.ts). A cardholder
// reads the element's own sentence; these lines are for the developer.
//
// Nothing here logs a control id, a PIN, a key or a token answer: only
// attribute names, origins, codes, reasons and statuses, and the error code
// and message of an endpoint's refusal (src/token-client.ts).
import type { PinControlErrorDetail } from './events.js';
import { flowInputs, hasTokenSource } from './flow.js';
import { parseFrameOrigins, tryURL } from './origin-policy.js';
import type { PinControl } from './pin-control.js';
import type { PinControlInputs } from './pin-control-inputs.js';
import { readBodyText } from './read-body.js';

const TAG = '<pin-control>';

/** How long an element may wait for a token source before the console says it is waiting. */
export const IDLE_HINT_MS = 2000;

/** Attributes every element may carry, and what frameworks add. */
const GLOBAL_ATTRIBUTE =
  /^(id|class|style|slot|part|exportparts|title|hidden|inert|dir|tabindex|role|nonce|is|autofocus|translate|draggable|spellcheck|popover|accesskey|contenteditable|enterkeyhint|inputmode|autocapitalize|(data|aria)-.*|on.*|_ng.*|ng-.*)$/;

const watched = new WeakSet<Element>();

/** Logs a hint with the element beside it (the console links to the node). */
function hint(text: string, element?: Element): void {
  console.warn(`${TAG} ${text}`, ...(element ? [element] : []));
}

/** At each connect: misspelt attributes now, a missing token source after IDLE_HINT_MS, each pin-control-error as it comes. */
export function watchForHints(element: PinControl): void {
  for (const text of attributeHints(element)) hint(text, element);
  setTimeout(() => {
    if (element.isConnected && element.state === 'idle' && !hasTokenSource(flowInputs(element))) {
      hint(
        `has had no token source for ${IDLE_HINT_MS / 1000} s, so it asks for nothing and shows nothing. Set the token-url attribute (your endpoint, e.g. token-url="/api/pin-control/token") or the tokenProvider property. In Vue or Svelte, import pin-control/define before the app mounts, or a bound function becomes an attribute. React does not set properties on elements it hydrates: render this one on the client only.`,
        element,
      );
    }
  }, IDLE_HINT_MS);
  for (const origin of parseFrameOrigins(element.frameOrigins).origins) frameOrigins.add(origin);
  if (frameOrigins.size) document.addEventListener('securitypolicyviolation', onViolation); // once: the same listener
  if (watched.has(element)) return;
  watched.add(element);
  element.addEventListener('pin-control-error', (event) => hint(errorHint(element, event.detail), element));
}

/** Every origin a watched element allows its frame from. */
const frameOrigins = new Set<string>();

/** The page's own CSP blocking a PIN frame: said at once, not after the frame's timeouts. */
function onViolation(event: SecurityPolicyViolationEvent): void {
  const origin = /^(frame|child|default)-src/.test(event.effectiveDirective) && tryURL(event.blockedURI)?.origin;
  if (origin && frameOrigins.has(origin)) {
    hint(
      `this page's Content-Security-Policy (${event.effectiveDirective}) blocks the PIN frame from ${origin}: add ${origin} to frame-src.`,
    );
  }
}

/** What each attribute the element ignores was probably meant to be. */
function attributeHints(element: Element): string[] {
  const inputs = element.constructor as typeof PinControlInputs;
  const known = inputs.observedAttributes;
  const propertyOnly = Object.entries(inputs.properties)
    .filter(([, declaration]) => declaration.attribute === false)
    .map(([name]) => name);
  const hints: string[] = [];
  for (const { name } of element.attributes) {
    if (known.includes(name) || GLOBAL_ATTRIBUTE.test(name)) continue;
    const property = propertyOnly.find((candidate) => squash(candidate) === squash(name));
    const meant = nearest(name, known);
    if (property)
      hints.push(
        `ignores the attribute "${name}": ${property} is a property only. Set it from script (element.${property} = …), or in Vue :${property}.prop, in Angular [${property}].`,
      );
    else if (name === 'key')
      hints.push('ignores the attribute "key": the issuer\'s frame key is frame-key (React and Vue keep `key` for themselves).');
    else if (meant) hints.push(`ignores the attribute "${name}": did you mean "${meant}"?`);
  }
  const mode = element.getAttribute('mode');
  if (mode !== null && mode !== 'view' && mode !== 'set')
    hints.push(`mode="${mode}" is neither "view" nor "set": the element runs in view mode.`);
  const { refused } = parseFrameOrigins(element.getAttribute('frame-origins'));
  if (refused.length)
    hints.push(
      `frame-origins ignores ${refused.map((entry) => `"${entry}"`).join(', ')}: each entry is a bare origin (https://pin.issuer.example, no path or trailing text; http: only on localhost or 127.0.0.1).`,
    );
  return hints;
}

/** setPin() sent nothing: why, and what to wait for (a Set PIN button that does nothing says nothing). */
export function hintUnsentPin(element: PinControl): void {
  hint(`setPin() sent nothing: ${unsentReason(element)}`, element);
}

/** Why Flow.submit() refused, read from the element's public state (pinValid stays null outside set mode: mode first). */
function unsentReason({ mode, state, pinValid }: PinControl): string {
  if (mode !== 'set') return 'it submits only with mode="set".';
  if (state !== 'ready') return `the element is ${state}; it submits only while ready, after the frame's first pin-valid.`;
  if (pinValid === null)
    return 'nothing is typed yet (no pin-valid from the frame). Enable your Set PIN button on pin-valid (e.detail.valid).';
  return 'a submit is pending. It ends in set-pin-success, set-pin-error (a retry) or set-pin-validation-error (setPin() works again).';
}

/**
 * A refusal from the token endpoint, in its own words when it sent
 * pin-control/server's `{error: {code, message}}` (a code and a sentence,
 * never a secret); read instead of cancelled, 2 KB at most.
 */
export async function hintRefusal(url: string, response: Response): Promise<void> {
  const body = await readBodyText(response.body, 2048);
  const error = body.ok ? (tryJSON(body.text) as { error?: { code?: unknown; message?: unknown } } | undefined)?.error : undefined;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    hint(`the token-url "${url}" answered ${response.status}: ${error.code.slice(0, 80)}, "${error.message.slice(0, 300)}"`);
  }
}

const tryJSON = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** For the developer: what a pin-control-error means here and what to change. */
function errorHint(element: PinControl, detail: PinControlErrorDetail): string {
  const { code, reason, status, cause } = detail;
  const what = `pin-control-error ${code}${reason ? ` (${reason}${status ? `, HTTP ${status}` : ''})` : ''}${cause ? ` (cause ${cause})` : ''}: `;
  const source = element.tokenProvider ? 'your tokenProvider' : `the token-url "${element.tokenUrl}"`;
  switch (code) {
    case 'token-request-failed':
    case 'token-timeout':
      return what + tokenHint(reason, status, source, !!element.tokenProvider);
    case 'token-response-invalid':
      return `${what}${source} answered something other than {id, pinFrameURL} (JSON, two strings, at most 64 KB), or a pinFrameURL that carries the id, which may travel only by postMessage. pin-control/server answers that shape; check that nothing between wraps or rewrites it, and that the URL reaches the endpoint, not a page (Astro serves a prerendered endpoint as its 404 page with status 200: add export const prerender = false).`;
    case 'frame-origin-refused':
      return `${what}no id was handed over. List the issuer's exact origin (scheme, host and port) in frame-origins, now "${element.frameOrigins ?? ''}"; the line above says which origin was refused and why.`;
    case 'frame-unresponsive':
      return `${what}the frame loaded but never answered the hand-over, retries included. Most often the frame was refused: by the issuer (the console names frame-ancestors: register this page's origin for the key with the issuer, the sandbox: --frame-origin, or set frame-key), or by this page's own Content-Security-Policy frame-src, which must list the issuer's origin. Else frame-url points at a page that is not the issuer's PIN page.`;
    default:
      return (
        what +
        (cause === 'frame-load-timeout'
          ? `the frame did not load within frame-timeout (${element.frameTimeout} ms), each try: a Content-Security-Policy frame-src on this page that leaves out the issuer's origin (the console says so), or a network that does not reach it.`
          : cause === 'token-expired'
            ? 'the frame took longer to load than the control id lives (30 s), each try: a slow network, or a tab that slept.'
            : 'the issuer refused to set the PIN each time (set_pin_error). Its frame said why; the sandbox refuses on purpose for some cards.')
      );
  }
}

function tokenHint(reason: PinControlErrorDetail['reason'], status: number | undefined, source: string, provider: boolean): string {
  switch (reason) {
    case 'unauthorized':
      return `${source} answered 401: no session, or it expired (signed out). The element asks the cardholder to sign in again and offers no retry. The element posts with credentials: 'same-origin', so the endpoint must be on this page's origin for the session cookie to go along.`;
    case 'forbidden':
      return `${source} answered 403. With pin-control/server the line above (or the endpoint's audit line) names the check: origin-refused, this page's origin (${location.origin}) is not in allowedOrigins (localhost and 127.0.0.1 are two origins, and each port is its own); csrf-header-required, a tokenProvider did not send X-Requested-With: pin-control, or the server handed the endpoint no headers (Astro: a prerendered endpoint; add export const prerender = false).`;
    case 'conflict':
      return `${source} answered 409: the issuer refused this operation for the card in its current state (a card that has no PIN yet cannot show one).`;
    case 'rate-limited':
      return `${source} answered 429: the endpoint's rate limit (pin-control/server: 10 a minute per session). In development pass rateLimit: {limit, windowMs}, and give each user a session of their own.`;
    case 'network':
      return provider
        ? "your tokenProvider threw without a numeric `status`, and anything thrown without one reads as network, a bug inside it included. When your endpoint answered, throw Object.assign(new Error('token'), {status: response.status, retryAfter: response.headers.get('retry-after')}); pause on caught exceptions to see what it threw."
        : `${source} got no answer: the server is down, the URL names another host or port, or this page's Content-Security-Policy connect-src blocks it (the console says so).`;
    case 'timeout':
      return `${source} did not answer in time (token-timeout, 10000 ms by default${status ? `; a ${status} from a proxy` : ''}).`;
    default:
      return status && status < 500
        ? `${source} answered ${status}: no route takes a POST there. Check the path, and that the route takes POST.`
        : `${source} failed${status ? ` with ${status}` : ''}: its log says why (pin-control/server writes one audit line per request; a 502 with no audit line never reached it).`;
  }
}

/** A name without case, dashes or underscores: `tokenURL`, `token_url` and `token-url` are one. */
const squash = (name: string) => name.toLowerCase().replace(/[-_:.]/g, '');

/** The known attribute one or two edits away (two for long names), if any. */
function nearest(name: string, known: readonly string[]): string | undefined {
  const typed = squash(name);
  return known.find((candidate) => {
    const wanted = squash(candidate);
    return typed === wanted || editDistance(typed, wanted) <= (wanted.length >= 8 ? 2 : 1);
  });
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
