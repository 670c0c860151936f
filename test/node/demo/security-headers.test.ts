// The host page's header builder (demo/security-headers.ts), DOM-free. The
// headers on the running server's responses: host-server.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { Severity } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import {
  assertOrigin,
  contentSecurityPolicy,
  cspDirectives,
  DISABLED_FEATURES,
  securityHeaders,
  TRUSTED_TYPES_POLICIES,
} from '../../../demo/security-headers.js';
import { expectedHostCsp } from '../../support/host-csp.js';

const DEV = { frameOrigin: 'http://127.0.0.1:4100', pageOrigin: 'http://localhost:4000' };
const PROD = { frameOrigin: 'https://pin.issuer.example', pageOrigin: 'https://bank.example' };

/** HIGH and MEDIUM findings (not the *_MAYBE or informational ones). */
function seriousFindings(csp: string) {
  return new CspEvaluator(new CspParser(csp).csp)
    .evaluate()
    .filter((finding) => finding.severity === Severity.HIGH || finding.severity === Severity.MEDIUM);
}

describe('the host page CSP', () => {
  it('has exactly the strict directives, framing only the PIN origin', () => {
    assert.deepEqual(Object.fromEntries(cspDirectives(PROD).map(([name, ...values]) => [name, values.join(' ')])), {
      ...expectedHostCsp('https://pin.issuer.example'),
      'report-to': 'csp-endpoint',
    });
  });

  it('allows only the Trusted Types policies lit and the element create; never unsafe keywords', () => {
    assert.deepEqual([...TRUSTED_TYPES_POLICIES], ['lit-html', 'pin-control']);
    for (const options of [DEV, PROD]) {
      assert.doesNotMatch(contentSecurityPolicy(options), /unsafe-|\*|'allow-duplicates'|'strict-dynamic'/);
    }
  });

  it('over https also reports through the Reporting API, to an absolute https endpoint', () => {
    const headers = securityHeaders(PROD);
    assert.equal(headers['Reporting-Endpoints'], 'csp-endpoint="https://bank.example/api/csp-report"');
    assert.match(headers['Content-Security-Policy']!, /; report-to csp-endpoint$/);
  });

  it('over plain http uses report-uri alone (browsers ignore non-https endpoints, and report-uri beside report-to)', () => {
    const headers = securityHeaders(DEV);
    assert.equal(headers['Reporting-Endpoints'], undefined);
    assert.doesNotMatch(headers['Content-Security-Policy']!, /report-to/);
    assert.match(headers['Content-Security-Policy']!, /; report-uri \/api\/csp-report$/);
  });

  it('csp_evaluator finds nothing HIGH or MEDIUM in the production policy', () => {
    assert.deepEqual(seriousFindings(contentSecurityPolicy(PROD)), []);
  });

  it('csp_evaluator: the development policy only has the plain-http sandbox frame origin to complain about', () => {
    const findings = seriousFindings(contentSecurityPolicy(DEV));
    assert.deepEqual(
      findings.map((finding) => [finding.directive, finding.value, Severity[finding.severity]]),
      [['frame-src', 'http://127.0.0.1:4100', 'MEDIUM']],
    );
  });

  it('refuses a frame origin that could smuggle in a directive or a path', () => {
    for (const bad of ['https://a.example; script-src *', 'https://a.example/path', 'javascript:alert(1)', '*', '']) {
      assert.throws(() => contentSecurityPolicy({ ...PROD, frameOrigin: bad }), TypeError, bad);
    }
    assert.equal(assertOrigin('http://localhost:4000'), 'http://localhost:4000');
  });
});

describe('the other host page headers', () => {
  it('are the ones issue 4 lists, with these exact values', () => {
    const { 'Content-Security-Policy': _csp, 'Permissions-Policy': permissions, ...rest } = securityHeaders(DEV);
    assert.deepEqual(rest, {
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
    assert.ok(permissions);
  });

  it('Permissions-Policy turns every powerful feature off for the page and its frames', () => {
    const policy = securityHeaders(DEV)['Permissions-Policy']!;
    const entries = policy.split(', ');
    assert.equal(entries.length, DISABLED_FEATURES.length);
    for (const entry of entries) assert.match(entry, /^[a-z-]+=\(\)$/);
    for (const feature of [
      'camera',
      'microphone',
      'geolocation',
      'payment',
      'usb',
      'serial',
      'hid',
      'clipboard-read',
      'clipboard-write',
      'display-capture',
      'fullscreen',
      'publickey-credentials-get',
      'otp-credentials',
      'identity-credentials-get',
      'screen-wake-lock',
      'window-management',
      'local-fonts',
      'midi',
      'browsing-topics',
      'xr-spatial-tracking',
    ]) {
      assert.ok(entries.includes(`${feature}=()`), feature);
    }
  });
});
