// Where the test servers listen, shared by the browser tests and the Node side
// (web-test-runner's config). Every port derives from the host page's, so two
// runs side by side only need another TEST_HOST_PORT. In the browser the host
// port is the page's own.
//
// The host page (web-test-runner) is on `localhost`, the sandbox on
// `127.0.0.1`: different origins, and different sites too.
declare const process: { env: Record<string, string | undefined> } | undefined;

const pagePort = globalThis.location?.port;
export const TEST_HOST_PORT = Number(pagePort || (typeof process === 'undefined' ? undefined : process.env.TEST_HOST_PORT) || 8765);
export const TEST_HOST_ORIGIN = `http://localhost:${TEST_HOST_PORT}`;

/** The sandbox every browser test talks to (control ids live 30 s). */
export const SANDBOX_PORT = TEST_HOST_PORT + 1;
export const SANDBOX_ORIGIN = `http://127.0.0.1:${SANDBOX_PORT}`;

/** A second sandbox whose control ids expire after SHORT_TTL_MS, for expiry tests. */
export const SHORT_TTL_SANDBOX_PORT = TEST_HOST_PORT + 2;
export const SHORT_TTL_SANDBOX_ORIGIN = `http://127.0.0.1:${SHORT_TTL_SANDBOX_PORT}`;
export const SHORT_TTL_MS = 1500;
