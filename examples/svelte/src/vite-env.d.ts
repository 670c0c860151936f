/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The sandbox's (or issuer's) frame origin, written into `frame-origins` at build time. */
  readonly PIN_FRAME_ORIGIN?: string;
}
