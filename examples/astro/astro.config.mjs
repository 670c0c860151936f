// The page is prerendered (Astro's default, `output: 'static'`); the token
// route opts out with `export const prerender = false` and runs in the Node
// adapter's standalone server (`npm run serve`).
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  adapter: node({ mode: 'standalone' }),
  // `astro dev` on $PORT (default 4321) or not at all: the token route allows
  // only that port's origin, and a dev server that moved to a free one would be
  // refused (403). scripts/astro.mjs says what to do when the port is taken.
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 4321 },
  vite: { server: { strictPort: true } },
});
