// Small HTTP helpers shared by the sandbox's routes: the JSON error shape,
// media-type checks and the body size limit.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Small on purpose: every body the sandbox accepts is a few dozen bytes. */
const MAX_BODY_BYTES = 4 * 1024;

export function jsonError(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  c.header('Cache-Control', 'no-store');
  return c.json({ error: { code, message } }, status);
}

/** The media type of a request, lower-case, without parameters. */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** 415 unless the request body has the given media type. */
export function requireMediaType(expected: string): MiddlewareHandler {
  return async (c, next) => {
    if (mediaType(c) !== expected) {
      return jsonError(c, 415, 'unsupported_media_type', `The body must be ${expected}.`);
    }
    await next();
  };
}

/** 413 for a body over MAX_BODY_BYTES, whether announced by Content-Length or not. */
export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => jsonError(c, 413, 'payload_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes.`),
});

/** Reads a JSON object body; `undefined` when it is not valid JSON or not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown> | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
