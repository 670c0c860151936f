// True only in the development build: dist/development/, which the package's
// `development` export condition names (Vite's and webpack's dev servers pick
// it). vite.config.ts replaces the name in every build; unbuilt (tests) it is
// a global a test page may set before it imports the element. The production
// files and the bundle drop every `if (DEV_MODE)` branch, and what only those
// branches use (src/dev-hints.ts), whole.
declare const __PIN_CONTROL_DEV__: boolean | undefined;

export const DEV_MODE = typeof __PIN_CONTROL_DEV__ === 'boolean' && __PIN_CONTROL_DEV__;
