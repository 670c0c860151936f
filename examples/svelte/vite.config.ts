import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { pinControlEndpoint } from './server/pin-control-endpoint.ts';

const port = Number(process.env.PORT) || undefined;

// https://vite.dev/config/
export default defineConfig({
  plugins: [svelte(), pinControlEndpoint()],
  // PIN_FRAME_ORIGIN (the sandbox's origin) reaches the app as import.meta.env.PIN_FRAME_ORIGIN.
  envPrefix: ['VITE_', 'PIN_FRAME_ORIGIN'],
  server: { host: '127.0.0.1', port, strictPort: port !== undefined },
  preview: { host: '127.0.0.1', port, strictPort: port !== undefined },
});
