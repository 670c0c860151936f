// See https://svelte.dev/docs/kit/types#app.d.ts
import 'pin-control/svelte'; // <pin-control>'s attribute, property and event types in every component

declare global {
  interface ImportMetaEnv {
    /** The sandbox (or issuer) origin, set by vite.config.ts's `define`. */
    readonly PIN_FRAME_ORIGIN: string;
  }
  namespace App {}
}

export {};
