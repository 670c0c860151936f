// An HTTP proxy on loopback that WebKitGTK is told to use (WebDriver's `proxy`
// capability), so that the examples' scenario delays or answers a request on
// the network in WebKit too, as the DevTools protocol does in Chromium and
// Firefox: WebDriver classic has no request interception of its own.
// Everything else passes through unchanged, WebSockets (the dev servers' hot
// reload) included, tunnelled with CONNECT or forwarded as an upgrade, with
// one addition: every Content-Security-Policy header gets the proxy's own
// `report-uri`, so that the violations a page or frame meets before the
// scenario can listen for them (WebDriver classic has no init script) are
// still seen, as reports.
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { CSP_REPORT_BODY_LIMIT, parseCspReports, type CspViolationSummary } from '../../demo/csp-reports.js';

export type InterceptRule = { delayMs: number } | { status: number; body: string };

/** The scenario's rules by path. Only POST requests (the token request) are ever intercepted. */
export class InterceptRules {
  readonly #byPath = new Map<string, InterceptRule>();

  /** `undefined` lets requests to `path` through again. */
  set(path: string, rule: InterceptRule | undefined): void {
    if (rule) this.#byPath.set(path, rule);
    else this.#byPath.delete(path);
  }

  ruleFor(method: string, url: string): InterceptRule | undefined {
    return method === 'POST' ? this.#byPath.get(new URL(url).pathname) : undefined;
  }
}

export interface InterceptingProxy {
  /** `host:port`, for the `proxy` capability's `httpProxy`. */
  readonly address: string;
  /** From now on `POST path` (any origin) is delayed or answered by `rule`; `undefined` passes it through again. */
  intercept(path: string, rule: InterceptRule | undefined): void;
  /** The CSP violations reported so far, in the order they arrived (as the demo host logs them). */
  cspReports(): readonly CspViolationSummary[];
  close(): Promise<void>;
}

const REPORT_PATH = '/__intercepting-proxy/csp-report';
const CSP_HEADERS = new Set(['content-security-policy', 'content-security-policy-report-only']);

/**
 * Each policy of a CSP header value (policies are comma-separated) with
 * `reportUri` added: to its `report-uri` directive where it has one (a
 * second directive of the same name would be ignored), else as a new one.
 * Enforcement is unchanged. (A policy with `report-to` may report there
 * instead; neither the examples nor the sandbox set one.)
 */
export function withReportUri(header: string, reportUri: string): string {
  return header
    .split(',')
    .map((policy) => {
      const directives = policy
        .split(';')
        .map((directive) => directive.trim())
        .filter(Boolean);
      const existing = directives.findIndex((directive) => directive.split(/\s+/)[0]!.toLowerCase() === 'report-uri');
      if (existing === -1) directives.push(`report-uri ${reportUri}`);
      else directives[existing] = `${directives[existing]} ${reportUri}`;
      return directives.join('; ');
    })
    .join(', ');
}

/** Pipes two sockets both ways; when either closes or fails, so does the other. */
function splice(a: Duplex, b: Duplex) {
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    one.on('error', () => other.destroy());
    one.on('close', () => other.destroy());
  }
  a.pipe(b).pipe(a);
}

export async function startInterceptingProxy(): Promise<InterceptingProxy> {
  const rules = new InterceptRules();
  const reports: CspViolationSummary[] = [];
  const sockets = new Set<Duplex>();
  let reportUri = '';

  function forward(request: http.IncomingMessage, response: http.ServerResponse) {
    const target = new URL(request.url!);
    const headers = { ...request.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers },
      (answer) => {
        const headers = answer.rawHeaders.map((value, i, raw) =>
          i % 2 === 1 && CSP_HEADERS.has(raw[i - 1]!.toLowerCase()) ? withReportUri(value, reportUri) : value,
        );
        response.writeHead(answer.statusCode!, answer.statusMessage, headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`intercepting proxy: ${error.message}`);
    });
    request.pipe(upstream);
  }

  function receiveReport(request: http.IncomingMessage, response: http.ServerResponse) {
    let body = '';
    request.setEncoding('utf8');
    // Over the demo endpoint's limit: refused, as there, and not kept.
    request.on('data', (chunk: string) => {
      if (body.length <= CSP_REPORT_BODY_LIMIT) body += chunk;
    });
    request.on('end', () => {
      if (body.length > CSP_REPORT_BODY_LIMIT) return void response.writeHead(413).end();
      reports.push(...parseCspReports(body));
      response.writeHead(204).end();
    });
  }

  const server = http.createServer((request, response) => {
    // Through the proxy the URL is absolute; sent to it directly, a path.
    if (request.method === 'POST' && (request.url === reportUri || request.url === REPORT_PATH)) {
      receiveReport(request, response);
      return;
    }
    if (!request.url?.startsWith('http://')) {
      response.writeHead(400).end('intercepting proxy: an absolute http:// URL is expected');
      return;
    }
    const rule = rules.ruleFor(request.method!, request.url);
    if (rule && 'status' in rule) {
      request.resume();
      response.writeHead(rule.status, { 'content-type': 'application/json' }).end(rule.body);
    } else if (rule) setTimeout(() => forward(request, response), rule.delayMs);
    else forward(request, response);
  });

  server.on('connect', (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      splice(client, upstream);
    });
    upstream.on('error', () => client.destroy());
  });

  server.on('upgrade', (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const target = new URL(request.url!);
    const upstream = net.connect(Number(target.port || 80), target.hostname, () => {
      const lines = [`${request.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        if (request.rawHeaders[i]!.toLowerCase() !== 'proxy-connection')
          lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      splice(client, upstream);
    });
    upstream.on('error', () => client.destroy());
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  reportUri = `http://127.0.0.1:${port}${REPORT_PATH}`;
  return {
    address: `127.0.0.1:${port}`,
    intercept: (path, rule) => rules.set(path, rule),
    cspReports: () => reports,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
