// The token request's body as UTF-8 text, at most `maxBytes`, the way that
// costs least where it is safe.
//
// With a declared Content-Length (browsers always send one for a fetch with a
// string body; the handler has already refused one above the limit) the body
// is read whole with arrayBuffer(): the HTTP layer delivers exactly the
// declared bytes (HTTP/1.1 framing; HTTP/2 checks DATA frames against it), so
// the read is bounded all the same, and server adapters that wrap Node's
// request (@hono/node-server, for one) then read it straight from the socket
// instead of building a web stream, a full Request and a reader for it. The
// length is checked again after the read, whatever the adapter did. Without
// one (chunked), the body is streamed and the read stops past `maxBytes`.
import { readBodyText, type BodyText } from '../read-body.js';

// Stateless between calls: decode() without `stream` starts afresh each time.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const DIGITS = /^\d{1,15}$/;

export async function readRequestText(request: Request, maxBytes: number): Promise<BodyText> {
  const declared = request.headers.get('content-length');
  if (declared === null || !DIGITS.test(declared) || Number(declared) > maxBytes) {
    return readBodyText(request.body, maxBytes);
  }
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'too-large' };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
}
