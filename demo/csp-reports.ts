// Reads CSP violation reports in both shapes browsers send: the old
// `report-uri` one (`application/csp-report`, `{"csp-report": {...}}`) and the
// Reporting API one (`application/reports+json`, `[{type, body}, ...]`).
// DOM-free. Summaries hold only what an operator needs, with URLs cut to
// origin + path (a query string could carry something private) and no
// control characters (no forged log lines).

export interface CspViolationSummary {
  directive: string;
  blocked: string;
  document: string;
  source: string;
  disposition: string;
}

/** Bytes accepted per report request; browsers send far less. */
export const CSP_REPORT_BODY_LIMIT = 16 * 1024;
const CSP_REPORT_CONTENT_TYPES = ['application/csp-report', 'application/reports+json', 'application/json'] as const;

const MAX_FIELD_LENGTH = 200;

export function isCspReportContentType(header: string | null | undefined): boolean {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase();
  return (CSP_REPORT_CONTENT_TYPES as readonly string[]).includes(mediaType ?? '');
}

/** Every CSP violation in a report body; [] for anything unreadable. */
export function parseCspReports(text: string): CspViolationSummary[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (Array.isArray(json)) {
    return json.flatMap((report) =>
      isObject(report) && report.type === 'csp-violation' && isObject(report.body) ? [fromReportingApi(report.body)] : [],
    );
  }
  if (isObject(json) && isObject(json['csp-report'])) return [fromReportUri(json['csp-report'])];
  return [];
}

/** One log line per violation. */
export function formatCspViolation(v: CspViolationSummary): string {
  return `csp-violation directive=${v.directive} blocked=${v.blocked} document=${v.document} source=${v.source} disposition=${v.disposition}`;
}

function fromReportingApi(body: Record<string, unknown>): CspViolationSummary {
  const line = typeof body.lineNumber === 'number' ? `:${body.lineNumber}` : '';
  return {
    directive: clean(body.effectiveDirective),
    blocked: cleanUrl(body.blockedURL),
    document: cleanUrl(body.documentURL),
    source: cleanUrl(body.sourceFile) + line,
    disposition: clean(body.disposition),
  };
}

function fromReportUri(body: Record<string, unknown>): CspViolationSummary {
  const line = typeof body['line-number'] === 'number' ? `:${body['line-number']}` : '';
  return {
    directive: clean(body['effective-directive'] ?? body['violated-directive']),
    blocked: cleanUrl(body['blocked-uri']),
    document: cleanUrl(body['document-uri']),
    source: cleanUrl(body['source-file']) + line,
    disposition: clean(body.disposition),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '-';
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, '_').slice(0, MAX_FIELD_LENGTH);
}

/** Keywords such as `inline` or `eval` stay; URLs lose their query and fragment. */
function cleanUrl(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '-';
  try {
    const url = new URL(value);
    return clean(url.protocol === 'http:' || url.protocol === 'https:' ? url.origin + url.pathname : url.protocol);
  } catch {
    return clean(value);
  }
}
