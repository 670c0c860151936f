// CSP violation reports (demo/csp-reports.ts), DOM-free.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCspViolation, isCspReportContentType, parseCspReports } from '../../../demo/csp-reports.js';

describe('CSP violation reports', () => {
  it('reads the report-uri shape', () => {
    const body = JSON.stringify({
      'csp-report': {
        'document-uri': 'http://localhost:4000/?session=secret#frag',
        'effective-directive': 'style-src-elem',
        'blocked-uri': 'inline',
        'source-file': 'http://localhost:4000/assets/index.js',
        'line-number': 12,
        disposition: 'enforce',
      },
    });
    assert.deepEqual(parseCspReports(body), [
      {
        directive: 'style-src-elem',
        blocked: 'inline',
        document: 'http://localhost:4000/',
        source: 'http://localhost:4000/assets/index.js:12',
        disposition: 'enforce',
      },
    ]);
  });

  it('reads the Reporting API shape and skips other report types', () => {
    const body = JSON.stringify([
      { type: 'deprecation', body: { id: 'x' } },
      {
        type: 'csp-violation',
        body: {
          documentURL: 'https://bank.example/cards',
          blockedURL: 'https://evil.example/x.js?k=v',
          effectiveDirective: 'script-src-elem',
          disposition: 'enforce',
        },
      },
    ]);
    const [only, ...rest] = parseCspReports(body);
    assert.deepEqual(rest, []);
    assert.equal(only?.blocked, 'https://evil.example/x.js', 'no query string: it could carry something private');
    assert.equal(only?.directive, 'script-src-elem');
  });

  it('returns nothing for junk, and never lets a value forge a log line', () => {
    assert.deepEqual(parseCspReports('not json'), []);
    assert.deepEqual(parseCspReports('{"a":1}'), []);
    assert.deepEqual(parseCspReports('[1, null, {"type":"csp-violation"}]'), []);
    const [forged] = parseCspReports(JSON.stringify({ 'csp-report': { 'effective-directive': 'x\ncsp-violation directive=fake' } }));
    assert.ok(forged);
    assert.doesNotMatch(formatCspViolation(forged), /\n/);
    assert.equal(forged.directive.length <= 200, true);
  });

  it('accepts the report media types only', () => {
    assert.equal(isCspReportContentType('application/csp-report'), true);
    assert.equal(isCspReportContentType('application/reports+json; charset=utf-8'), true);
    assert.equal(isCspReportContentType('text/plain'), false);
    assert.equal(isCspReportContentType(undefined), false);
  });
});
