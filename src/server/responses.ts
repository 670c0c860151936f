// Every answer of the token endpoint: JSON, never cached, never sniffed. The
// handler's core answers a plain record (status, headers, text); each adapter
// writes it its own way: a Fetch `Response`, or Node's `writeHead` + `end`.

/** An answer before it is a `Response` (or written to a Node `ServerResponse`). */
export interface Answer {
  status: number;
  /** Lowercase names; the no-store headers and any extra ones (`allow`, `retry-after`). */
  headers: Readonly<Record<string, string>>;
  /** JSON text. */
  body: string;
}

const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON answer with the no-store headers (and any extra ones). */
export function jsonAnswer(status: number, body: unknown, extraHeaders?: Record<string, string>): Answer {
  // The shared record is never changed: adapters copy it (Response into its own Headers, Node into its header list).
  const headers = extraHeaders ? { ...NO_STORE_HEADERS, ...extraHeaders } : NO_STORE_HEADERS;
  return { status, headers, body: JSON.stringify(body) };
}

/** The coded error body the element understands: `{error: {code, message}}`. */
export function errorAnswer(status: number, code: string, message: string, extraHeaders?: Record<string, string>): Answer {
  return jsonAnswer(status, { error: { code, message } }, extraHeaders);
}

/** The answer as a Fetch `Response`. */
export function toResponse({ status, headers, body }: Answer): Response {
  return new Response(body, { status, headers });
}

/** A JSON `Response` with the no-store headers (and any extra ones). */
export function jsonResponse(status: number, body: unknown, extraHeaders?: Record<string, string>): Response {
  return toResponse(jsonAnswer(status, body, extraHeaders));
}
