// The issuer's control id, as the element and the token helper both count it.
// A module of its own (not in scope.ts): the element's code needs only this
// number, and a shared module ships whole in the chunk both import.

/** A control id is valid for 30 s from when the issuer mints it (PROTOCOL.md). */
export const CONTROL_ID_LIFETIME_MS = 30_000;
