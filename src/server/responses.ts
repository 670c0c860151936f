// Every answer of the token endpoint: JSON, never cached, never sniffed.

const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON response with the no-store headers (and any extra ones). */
export function jsonResponse(status: number, body: unknown, extraHeaders?: Record<string, string>): Response {
  // Response copies the record into its own Headers: the shared one is never changed.
  const headers = extraHeaders ? { ...NO_STORE_HEADERS, ...extraHeaders } : NO_STORE_HEADERS;
  return new Response(JSON.stringify(body), { status, headers });
}

/** The coded error body the element understands: `{error: {code, message}}`. */
export function errorResponse(status: number, code: string, message: string, extraHeaders?: Record<string, string>): Response {
  return jsonResponse(status, { error: { code, message } }, extraHeaders);
}
