// Constants shared by the element's browser tests and its WTR plugin
// (test/support/element-endpoints-plugin.ts). Plain values, safe in both worlds.
import { TEST_HOST_PORT } from '../../support/env.js';

/** Token endpoints on the test host that fail on purpose. */
export const FAIL = {
  status500: '/test-api/fail/500',
  html: '/test-api/fail/html',
  missingFields: '/test-api/fail/missing-fields',
  oversized: '/test-api/fail/oversized',
  slow: '/test-api/fail/slow',
  network: '/test-api/fail/network',
  badJson: '/test-api/fail/bad-json',
} as const;

/** The prefix of the endpoints that answer any status: see {@link failWithStatus}. */
export const FAIL_STATUS_PREFIX = '/test-api/fail/status/';
/** What those endpoints put in their body: the element must never show it. */
export const SERVER_BODY_MARKER = 'SERVER-BODY-MARKER';
/**
 * A token endpoint answering `status` with a coded JSON error body (holding
 * {@link SERVER_BODY_MARKER}), and `Retry-After: retryAfter` when given.
 */
export const failWithStatus = (status: number, retryAfter?: number | string) =>
  `${FAIL_STATUS_PREFIX}${status}${retryAfter === undefined ? '' : `?retry-after=${encodeURIComponent(String(retryAfter))}`}`;
/** How long /fail/slow takes to answer. */
export const SLOW_MS = 3000;

/** Records the token request it gets and answers with a probe-frame token. */
export const RECORD_TOKEN = '/test-api/record-token';
/** GET: the last request RECORD_TOKEN got: {method, headers, body, cookie}. */
export const LAST_TOKEN_REQUEST = '/test-api/last-token-request';

/**
 * A second origin the tests control (a plain node server on 127.0.0.1): pages
 * that post whatever the test asks them to, for hostile-message tests.
 */
export const PROBE_PORT = TEST_HOST_PORT + 7;
export const PROBE_ORIGIN = `http://127.0.0.1:${PROBE_PORT}`;
/**
 * A third origin serving the same pages as the probe origin: another loopback
 * address (Linux routes all of 127/8 to lo), same port. Not in FRAME_ORIGINS.
 */
export const THIRD_ORIGIN = `http://127.0.0.2:${PROBE_PORT}`;
/** A probe-origin URL that 302-redirects to `to` (a loopback URL). */
export const redirectTo = (to: string) => `${PROBE_ORIGIN}/redirect?to=${encodeURIComponent(to)}`;
/** A probe-origin page that navigates itself to `to` as soon as it runs. */
export const selfNavigateTo = (to: string) => `${PROBE_ORIGIN}/self-navigate?to=${encodeURIComponent(to)}`;

/**
 * Token endpoints failing in body, headers or timing: `${FAULT_PREFIX}<name>`,
 * names in test/support/element-endpoints-plugin.ts (tokenFault).
 */
export const FAULT_PREFIX = '/test-api/fault/';

/**
 * The echo frame: reports each message it gets to its parent as
 * `{probe: 'received', data, origin}`, and posts `{echo: X}`'s X to its
 * parent (targetOrigin '*'), or to its opener when it is a popup (or to top
 * with `?to=top`). `{make: 'port'}` posts a transferred MessagePort as the
 * data, `{navigate: url}` navigates the frame itself, `{nest: url}` adds a
 * child frame. `?delay=ms` serves the page late.
 */
export const ECHO_FRAME = `${PROBE_ORIGIN}/echo-frame`;
/**
 * The same echo page on the test host's own origin: where a frame navigated
 * away from its allowed origin ends up (same window, another origin).
 */
export const ELSEWHERE_ECHO_FRAME = '/test-api/echo-frame';
/** A frame page that never finishes loading. */
export const HANGING_FRAME = `${PROBE_ORIGIN}/hanging-frame`;

/**
 * Frame pages for "is the frame live?" (issue 8): each loads, and each is
 * handed the id, but none ever says view_pin_success.
 * - SILENT_FRAME: listens, never answers (an issuer page that broke).
 * - ERROR_FRAME: answers the hand-over with view_pin_error (to the sender's origin).
 * - FRAME_ANCESTORS_NONE_FRAME: served with CSP `frame-ancestors 'none'` (the
 *   issuer refuses this page's origin): the browser shows its own error page.
 * - XFO_DENY_FRAME: served with `X-Frame-Options: DENY`: the same, the older way.
 * - CLOSED_PORT_FRAME: nothing listens there (frame blocked, network down).
 */
export const SILENT_FRAME = `${PROBE_ORIGIN}/silent-frame`;
export const ERROR_FRAME = `${PROBE_ORIGIN}/error-frame`;
export const FRAME_ANCESTORS_NONE_FRAME = `${PROBE_ORIGIN}/frame-ancestors-none`;
export const XFO_DENY_FRAME = `${PROBE_ORIGIN}/x-frame-options-deny`;
/** A loopback port nothing listens on (host port + 9: no test server uses it). */
export const CLOSED_PORT_FRAME = `http://127.0.0.1:${TEST_HOST_PORT + 9}/pincontrol/v2/frame`;

/**
 * A frame page that posts `{event: EVENT}` (default view_pin_success) to its
 * parent, to any origin, from its own DOMContentLoaded and load handlers,
 * before it can have the id (issue 9), and never again.
 */
export const EAGER_FRAME = `${PROBE_ORIGIN}/eager-frame`;

/**
 * A test-host page served with Trusted Types enforced (CSP
 * `require-trusted-types-for 'script'`). It runs the element with a markup
 * override and posts `{tt: {sinkBlocked, html, violations}}` to its parent.
 */
export const TRUSTED_TYPES_PAGE = '/test-api/trusted-types-page';
export const TRUSTED_TYPES_CSP = "require-trusted-types-for 'script'; trusted-types lit-html pin-control dompurify";
