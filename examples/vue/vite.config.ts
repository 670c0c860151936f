import { fileURLToPath, URL } from 'node:url';

import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { pinControlToken } from './server/pin-control-token.ts';

const port = Number(process.env.PORT) || undefined;

// https://vite.dev/config/
export default defineConfig({
  plugins: [
    vue({
      // The one config line: <pin-control> is a custom element, not a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'pin-control' } },
    }),
    pinControlToken(),
  ],
  define: {
    // The sandbox (or issuer) origin the frame may come from, fixed at build time.
    'import.meta.env.PIN_FRAME_ORIGIN': JSON.stringify(process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100'),
  },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: { host: '127.0.0.1', port, strictPort: port !== undefined },
  preview: { host: '127.0.0.1', port, strictPort: port !== undefined },
});
