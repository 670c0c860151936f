// The shape of the issuer's 201 answer, checked before anything is used.
// Never surface zod's own messages: they can quote the received values (the id).
// zod/mini keeps the helper small for edge runtimes (~20 KB instead of ~450 KB).
import * as z from 'zod/mini';

function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const MAX_URL_LENGTH = 2048;
// Visible ASCII only: the id travels in postMessage and form fields.
const ID_PATTERN = /^[\x21-\x7e]{1,1024}$/;

const webUrl = z.string().check(z.maxLength(MAX_URL_LENGTH), z.refine(isWebUrl));

/** `{id, pinFrameURL, pinURL?}`; unknown keys are ignored (the issuer may add some). */
export const issuerResponseSchema = z.object({
  id: z.string().check(z.regex(ID_PATTERN)),
  pinFrameURL: webUrl,
  pinURL: z.optional(webUrl),
});

/** A web URL under the length limit, parsed; undefined otherwise. */
function parseWebUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * The schema's rules without the schema, for the answer that passes them
 * (every answer of a working issuer): the frame URL comes back parsed, so it
 * is parsed once per request instead of twice. `null` for anything the schema
 * would refuse (and then the schema runs, to name the fields).
 * test/node/server-issuer-client.test.ts checks both agree.
 */
export function validIssuerResponse(json: unknown): { id: string; frameUrl: URL; pinURL: string | undefined } | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const { id, pinFrameURL, pinURL } = json as Record<string, unknown>;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  const frameUrl = parseWebUrl(pinFrameURL);
  if (!frameUrl) return null;
  if (pinURL !== undefined && !parseWebUrl(pinURL)) return null;
  return { id, frameUrl, pinURL: pinURL as string | undefined };
}

/** The field names that failed, for an error message that names no value. */
export function invalidFields(error: z.core.$ZodError): string {
  const names = new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'));
  return [...names].join(', ');
}
