// Imported first by a test file that runs the element as its development
// build does: src/dev-mode.ts reads this global when it is not built.
(globalThis as { __PIN_CONTROL_DEV__?: boolean }).__PIN_CONTROL_DEV__ = true;
