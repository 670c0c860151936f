/// <reference types="vite/client" />

// PIN_FRAME_ORIGIN is replaced at build time by vite.config.ts (`define`).
interface ImportMetaEnv {
  readonly PIN_FRAME_ORIGIN: string;
}
