// The two scopes the issuer mints a control id for: written once for the
// element (src/), the token helper (src/server/) and the sandbox.

/** The scopes the issuer accepts: view a produced card's PIN, or set one before production. */
export const SCOPES = ['VIEW_PIN', 'SET_PIN'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return (SCOPES as readonly unknown[]).includes(value);
}
