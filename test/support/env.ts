// Where the test servers listen. Shared by the browser tests and the Node side
// (web-test-runner's config), so both agree without a lookup at run time.
// The host page (web-test-runner) is on `localhost`, the sandbox on
// `127.0.0.1`: different origins, and different sites too.
export const TEST_HOST_PORT = 8765;
export const TEST_HOST_ORIGIN = `http://localhost:${TEST_HOST_PORT}`;

/** The sandbox every browser test talks to (control ids live 30 s). */
export const SANDBOX_PORT = 4101;
export const SANDBOX_ORIGIN = `http://127.0.0.1:${SANDBOX_PORT}`;

/** A second sandbox whose control ids expire after SHORT_TTL_MS, for expiry tests. */
export const SHORT_TTL_SANDBOX_PORT = 4102;
export const SHORT_TTL_SANDBOX_ORIGIN = `http://127.0.0.1:${SHORT_TTL_SANDBOX_PORT}`;
export const SHORT_TTL_MS = 1500;
