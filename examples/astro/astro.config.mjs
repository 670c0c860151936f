// The page is prerendered (Astro's default, `output: 'static'`); the token
// route opts out with `export const prerender = false` and runs in the Node
// adapter's standalone server (`npm run serve`).
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  adapter: node({ mode: 'standalone' }),
  server: { host: '127.0.0.1' },
});
