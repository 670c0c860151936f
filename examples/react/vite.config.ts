import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pinControlToken } from './server/pin-control-token.ts';

const port = Number(process.env.PORT) || undefined;

// https://vite.dev/config/
export default defineConfig({
  plugins: [react(), pinControlToken()],
  define: {
    // The sandbox (or issuer) origin the frame may come from, fixed at build time.
    'import.meta.env.PIN_FRAME_ORIGIN': JSON.stringify(process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100'),
  },
  server: { host: '127.0.0.1', port, strictPort: port !== undefined },
  preview: { host: '127.0.0.1', port, strictPort: port !== undefined },
});
