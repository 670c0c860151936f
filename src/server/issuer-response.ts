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

const webUrl = z.string().check(z.maxLength(2048), z.refine(isWebUrl));

/** `{id, pinFrameURL, pinURL?}`; unknown keys are ignored (the issuer may add some). */
export const issuerResponseSchema = z.object({
  // Visible ASCII only: the id travels in postMessage and form fields.
  id: z.string().check(z.regex(/^[\x21-\x7e]{1,1024}$/)),
  pinFrameURL: webUrl,
  pinURL: z.optional(webUrl),
});

/** The field names that failed, for an error message that names no value. */
export function invalidFields(error: z.core.$ZodError): string {
  const names = new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'));
  return [...names].join(', ');
}
