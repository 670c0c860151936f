// The token endpoint over Node's own request and response objects
// (`node:http`, and the frameworks built on them: Express, Fastify's raw
// `req`/`res`, Koa's `ctx.req`/`ctx.res`). The same core as the Fetch handler
// (token-handler.ts): the same checks in the same order, the same answers,
// the same audit records. What it saves is the web plumbing a Fetch adapter
// builds per request on Node: a Request, its Headers, a web stream for the
// body, a Response and the copy back into Node's ServerResponse.
//
// No `node:` import: it only calls methods of the objects it is given, so
// `pin-control/server` stays loadable in workers (which never call this).
import type { BodyText } from '../read-body.js';
import type { RequestHead } from './request-checks.js';
import type { Answer } from './responses.js';
import { createTokenCore, type TokenHandlerOptions } from './token-handler.js';

/** The part of Node's `IncomingMessage` the handler uses. */
export interface NodeTokenRequest {
  method?: string | undefined;
  /** Node's parsed headers, for `getSession` (`req.headers.cookie`); the checks read `rawHeaders`. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Name, value, name, value … as received (Node's `rawHeaders`). */
  rawHeaders: readonly string[];
  readableEnded?: boolean;
  /** Node's `IncomingMessage.complete`: the whole message, body included, has arrived. */
  complete?: boolean;
  readableFlowing?: boolean | null;
  readableLength?: number;
  read?(): Uint8Array | string | null;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  removeListener(event: 'data' | 'end' | 'error' | 'close', listener: (...args: never[]) => void): unknown;
  resume(): unknown;
}

/** The part of Node's `ServerResponse` the handler uses. */
export interface NodeTokenResponse {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
  readonly headersSent: boolean;
  readonly destroyed?: boolean;
}

/** `getSession` gets the Node request itself (`IncomingMessage`, or the framework's subclass of it). */
export type NodeTokenHandlerOptions<R extends NodeTokenRequest = NodeTokenRequest> = TokenHandlerOptions<R>;

/**
 * Creates the token endpoint as a Node handler, `(req, res) => Promise<void>`,
 * for `http.createServer`, Express (`app.post(path, handler)`), or any
 * framework's raw `req`/`res`. Same options, checks, answers and audit
 * records as `createTokenHandler`, except that `getSession` is given the Node
 * request (read the cookie from `req.headers.cookie`).
 *
 * Mount it before any body parser: it reads the body itself (at most 1 KB).
 * Headers already set on `res` (security headers, say) are kept; the
 * answer's own (`content-type`, `cache-control`, `x-content-type-options`,
 * `content-length`, and `allow` or `retry-after` where due) are added. The
 * returned promise settles once the answer is written, and never rejects.
 * Throws `PinControlServerError` (`invalid-config`) for every bad option.
 */
export function createNodeTokenHandler<R extends NodeTokenRequest = NodeTokenRequest>(
  options: NodeTokenHandlerOptions<R>,
): (request: R, response: NodeTokenResponse) => Promise<void> {
  const core = createTokenCore<R>(options, { name: 'createNodeTokenHandler', head: nodeRequestHead, readBody: readNodeBody });
  return async function handleNodeTokenRequest(request: R, response: NodeTokenResponse): Promise<void> {
    writeAnswer(response, await core(request, () => response.destroyed === true));
  };
}

function writeAnswer(response: NodeTokenResponse, { status, headers, body }: Answer): void {
  // A client that went away, or a framework that answered already: nothing to write to.
  if (response.headersSent || response.destroyed === true) return;
  response.writeHead(status, { ...headers, 'content-length': utf8Length(body) });
  response.end(body);
}

/**
 * A request's method and headers with the Fetch semantics the checks were
 * written for, so both adapters decide alike: names case-insensitive, a
 * repeated header's values joined with ", " ("; " for cookie) and trimmed.
 * Node's own `req.headers` differs: it keeps only the first of a repeated
 * Content-Type (and a dozen others), where Fetch joins them, which the
 * content-type check then refuses. So the values come from `rawHeaders`.
 */
function nodeRequestHead(request: NodeTokenRequest): RequestHead {
  return { method: request.method ?? '', headers: new RawHeaders(request.rawHeaders) };
}

class RawHeaders {
  readonly #raw: readonly string[];
  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    // The checks ask for 5 or 6 names among about 10 headers: a scan costs less than a map.
    const raw = this.#raw;
    let value: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const key = raw[i]!;
      if (key.length !== name.length || (key !== name && key.toLowerCase() !== name)) continue;
      const part = trimHttpWhitespace(raw[i + 1]!);
      value = value === null ? part : `${value}${name === 'cookie' ? '; ' : ', '}${part}`;
    }
    return value;
  }
}

/** As Fetch's Headers: leading and trailing tab, space, CR and LF removed. */
function trimHttpWhitespace(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (!isHttpWhitespace(first) && !isHttpWhitespace(last)) return value;
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

// Stateless between calls: decode() without `stream` starts afresh each time.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as UTF-8 text, keeping at most `maxBytes` whatever the framing
 * (declared length or chunked): past that the rest is drained unread. Rejects when the stream fails or closes before its end
 * (the client went away): the core answers 500 to nobody and audits it.
 */
function readNodeBody(request: NodeTokenRequest, maxBytes: number): Promise<BodyText> {
  // A body parser mounted before this handler read it already: nothing is left.
  if (request.readableEnded === true) return Promise.resolve({ ok: true, text: '' });
  // The whole body has arrived already (a small body comes in the packet of
  // its headers: all of its declared length is in the stream's buffer, or
  // the message is complete) and nobody reads the stream: take it in one
  // read(), without switching the stream to flowing mode and waiting for 'end'.
  if (request.readableFlowing === null && typeof request.read === 'function') {
    const buffered = request.readableLength ?? -1;
    if (request.complete === true || (buffered > 0 && buffered === declaredLength(request))) {
      return Promise.resolve(readArrived(request, maxBytes));
    }
  }
  return new Promise<BodyText>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const done = () => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      request.removeListener('close', onClose);
    };
    const onData = (chunk: Uint8Array | string) => {
      if (typeof chunk === 'string') {
        done();
        reject(new TypeError('The request stream has an encoding set; the token handler reads bytes.'));
        return;
      }
      size += chunk.byteLength;
      if (size > maxBytes) {
        done();
        // The rest is drained unread, as Node drains the body of a request
        // nobody reads (without it the connection would stall on the unread
        // bytes); the server's requestTimeout bounds an endless one.
        request.resume();
        resolve({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      const bytes = chunks.length === 1 ? chunks[0]! : concat(chunks, size);
      try {
        resolve({ ok: true, text: utf8.decode(bytes) });
      } catch {
        resolve({ ok: false, reason: 'not-utf8' });
      }
    };
    const onError = (error: unknown) => {
      done();
      reject(error instanceof Error ? error : new Error('The request stream failed.'));
    };
    // Closed before its end without an error (a client that went away): no answer will be read either.
    const onClose = () => onError(new Error('The request closed before its body ended.'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

const DIGITS = /^\d{1,15}$/;

/** The declared Content-Length, when there is exactly one well-formed one. */
function declaredLength(request: NodeTokenRequest): number | undefined {
  const declared = new RawHeaders(request.rawHeaders).get('content-length');
  return declared !== null && DIGITS.test(declared) ? Number(declared) : undefined;
}

function readArrived(request: NodeTokenRequest, maxBytes: number): BodyText {
  if ((request.readableLength ?? 0) > maxBytes) {
    request.resume(); // drained unread, as below
    return { ok: false, reason: 'too-large' };
  }
  const bytes = request.read!(); // all of the buffer; null when the body is empty
  if (typeof bytes === 'string') throw new TypeError('The request stream has an encoding set; the token handler reads bytes.');
  if (bytes === null) return { ok: true, text: '' };
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'too-large' };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const encoder = new TextEncoder();

/** The UTF-8 length of the answer (ASCII in practice: ids, URLs, fixed messages). */
function utf8Length(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).byteLength;
  }
  return text.length;
}
