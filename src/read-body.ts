// Reads a body as UTF-8 text, stopping as soon as it grows past a limit, so a
// huge or endless body costs at most `maxBytes` of memory. Web-standard: shared
// by the element (token responses) and the token helper (requests).

// Stateless between calls: decode() without `stream` starts afresh each time.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'not-utf8' };

/** Reads `body` up to `maxBytes`; cancels the stream and reports `too-large` beyond that. */
export async function readBodyText(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<BodyText> {
  if (!body) return { ok: true, text: '' };
  // The lock is never released: the body is read to its end (or cancelled)
  // here and nothing reads it after, and releasing it costs an error object
  // (Node builds the reader's rejected `closed` promise), a few µs a call.
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: cancelling one branch of a teed (cloned) body settles only
      // when the other branch is cancelled too.
      void reader.cancel().catch(() => {});
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
}
