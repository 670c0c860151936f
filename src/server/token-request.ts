// The body the element sends: exactly `{"scope": "VIEW_PIN" | "SET_PIN"}`.
// The plastic is never read from here: it comes from the caller's session.
import * as z from 'zod/mini';
import type { Refusal } from './request-checks.js';
import { SCOPES, type Scope } from '../scope.js';

const tokenRequestSchema = z.strictObject({ scope: z.enum(SCOPES) });

export function parseTokenRequest(text: string): { scope: Scope } | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('The body is not JSON.');
  }
  if (json !== null && typeof json === 'object' && Object.hasOwn(json, 'plasticId')) {
    return invalid('The plastic comes from your session; the body may only hold scope.');
  }
  const parsed = tokenRequestSchema.safeParse(json);
  if (!parsed.success) return invalid('The body must be {"scope": "VIEW_PIN" | "SET_PIN"} and nothing more.');
  return { scope: parsed.data.scope };
}

function invalid(message: string): Refusal {
  return { status: 400, code: 'invalid-body', message };
}
