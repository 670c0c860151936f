// What the browser tests know about the test sandboxes that
// test-servers.ts starts: client keys, seed plastics and the test host's
// helper endpoints. Plain constants, safe to import in the browser.

/** Allows the test host origin (TEST_HOST_ORIGIN). */
export const TEST_KEY = 'test-key';
/** Allows only FOREIGN_ORIGIN: framing it from the test host must fail. */
export const FOREIGN_KEY = 'foreign-key';
export const FOREIGN_ORIGIN = 'https://elsewhere.example';
/** Known to no sandbox. */
export const UNKNOWN_KEY = 'no-such-key';

/** A produced plastic of seed.json and its PIN (only ever viewed, never set). */
export const VIEW_PLASTIC_ID = '1000000000000001';
export const VIEW_PLASTIC_PIN = '4821';
/** A produced plastic: a SET_PIN token for it is refused with 409. */
export const PRODUCED_PLASTIC_ID = '1000000000000002';

/** Test host endpoint: `{scope, plasticId?, sandbox?}` → `{id, pinFrameURL, pinURL, plasticId}`. */
export const TOKEN_ENDPOINT = '/test-api/token';
/** Test host endpoint: `{plasticId, sandbox?}` → `{pin}` (views it server-side with a fresh id). */
export const VIEW_PIN_ENDPOINT = '/test-api/view-pin';

/** Server command (executeServerCommand) that brings the test's tab to the front. */
export const FOCUS_PAGE_COMMAND = 'pin-control-focus-page';

/** Server command: the engine web-test-runner launched (`chromium`, `firefox` or `webkit`). */
export const ENGINE_COMMAND = 'pin-control-engine';

export type SandboxName = 'main' | 'short';
export type Scope = 'VIEW_PIN' | 'SET_PIN';

export interface TestToken {
  id: string;
  pinFrameURL: string;
  pinURL: string;
  plasticId: string;
}
