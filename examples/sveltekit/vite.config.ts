import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  // SvelteKit 3 takes its config here (svelte.config.js is no longer read).
  plugins: [sveltekit({ adapter: adapter() })],
  define: {
    // The sandbox (or issuer) origin the frame may come from, fixed at build time.
    'import.meta.env.PIN_FRAME_ORIGIN': JSON.stringify(process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100'),
  },
  // `npm run dev` on $PORT (default 5173) or not at all: the token route allows
  // that port's origin, so a dev server that moved to a free port would be
  // refused (403). scripts/run.mjs says what to do when the port is taken.
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173, strictPort: true },
});
