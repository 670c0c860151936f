// Builds the host page: demo/index.html → demo/dist, one script bundle (the
// page and <pin-control> from ../src/define.ts) and one stylesheet, each
// with an SRI hash, and script-inventory.json. Nothing inline: the page's CSP
// allows scripts and styles from 'self' only.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { subresourceIntegrity } from './vite-plugin-sri.js';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  plugins: [
    subresourceIntegrity({
      purposes: {
        index:
          'The demo page: the cardholder UI (cards, event log, theming, CSP panel) and the <pin-control> element with lit, zod/mini and DOMPurify.',
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Vite's polyfill would be an extra script; every browser the CSP needs (Trusted Types) has modulepreload.
    modulePreload: { polyfill: false },
    // Keep CSS in a file: inlined CSS would need 'unsafe-inline'.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      // One script file: a lazily loaded chunk (DOMPurify) would load without SRI.
      output: { codeSplitting: false, minify: true },
    },
  },
});
