// The response headers of the host page, built in one place so the server and
// the tests agree on them. DOM-free and framework-free: a plain record of
// header name → value for every response (page, asset, API, 404).

/** Where the browser sends CSP violation reports (same origin as the page). */
export const CSP_REPORT_PATH = '/api/csp-report';
/** The Reporting API endpoint name used by `report-to`. */
const CSP_REPORT_GROUP = 'csp-endpoint';

/**
 * The Trusted Types policies the page may create, and why:
 * - `lit-html`: lit (inside `<pin-control>`) creates it when it loads, to
 *   stamp its own developer-authored templates;
 * - `pin-control`: the element creates it the first time it shows a text
 *   override with markup (the demo has one), and hands it to DOMPurify, so
 *   DOMPurify never creates its own `dompurify` policy.
 * Any other name, or a second policy with one of these names, is refused.
 */
export const TRUSTED_TYPES_POLICIES = ['lit-html', 'pin-control'] as const;

/**
 * Powerful features turned off for the page and every frame in it (the PIN
 * frame needs none of them). Only names Chromium recognizes, so the console
 * stays free of "Unrecognized feature" warnings.
 */
export const DISABLED_FEATURES = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-write',
  'compute-pressure',
  'cross-origin-isolated',
  'deferred-fetch',
  'deferred-fetch-minimal',
  'digital-credentials-create',
  'digital-credentials-get',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'identity-credentials-get',
  'idle-detection',
  'interest-cohort',
  'keyboard-map',
  'language-detector',
  'language-model',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'on-device-speech-recognition',
  'otp-credentials',
  'payment',
  'picture-in-picture',
  'private-state-token-issuance',
  'private-state-token-redemption',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'speaker-selection',
  'storage-access',
  'summarizer',
  'sync-xhr',
  'translator',
  'usb',
  'window-management',
  'xr-spatial-tracking',
] as const;

export interface SecurityHeaderOptions {
  /** The PIN frame's origin (the issuer, or the local sandbox): the only thing the page may frame. */
  frameOrigin: string;
  /**
   * The page's own origin. Over https the policy also names a Reporting API
   * endpoint (`report-to` + `Reporting-Endpoints`). Over plain http it does
   * not: browsers ignore non-https reporting endpoints, and a browser that
   * supports `report-to` then ignores `report-uri` too, so local development
   * would get no reports at all.
   */
  pageOrigin: string;
}

/** Checks that `value` is a bare origin (scheme://host[:port]) so it cannot smuggle in directives. */
export function assertOrigin(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new TypeError(`Not an origin: ${JSON.stringify(value)}`);
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== value) {
    throw new TypeError(`Not an origin: ${JSON.stringify(value)}`);
  }
  return value;
}

function usesReportingApi(pageOrigin: string): boolean {
  return assertOrigin(pageOrigin).startsWith('https:');
}

/** The CSP directives, in order, as [name, ...values]. */
export function cspDirectives({ frameOrigin, pageOrigin }: SecurityHeaderOptions): string[][] {
  const directives = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['connect-src', "'self'"],
    ['frame-src', assertOrigin(frameOrigin)],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', ...TRUSTED_TYPES_POLICIES],
    ['report-uri', CSP_REPORT_PATH],
  ];
  if (usesReportingApi(pageOrigin)) directives.push(['report-to', CSP_REPORT_GROUP]);
  return directives;
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  return cspDirectives(options)
    .map((directive) => directive.join(' '))
    .join('; ');
}

function permissionsPolicy(): string {
  return DISABLED_FEATURES.map((feature) => `${feature}=()`).join(', ');
}

/** Every header the host server sets on every response. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...(usesReportingApi(options.pageOrigin)
      ? { 'Reporting-Endpoints': `${CSP_REPORT_GROUP}="${options.pageOrigin}${CSP_REPORT_PATH}"` }
      : {}),
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': permissionsPolicy(),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}
