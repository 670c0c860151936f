// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run ssr`: server-renders App.vue with Vue's server renderer and fails
// if that throws or if a function's source ends up in the <pin-control> tag.
// The component is loaded through Vite so that the SFC compiler (with the
// isCustomElement option) and the build-time `define` apply as in the real
// build. (The React example has the same checks: each example stands alone on
// purpose.)
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createServer } from 'vite';

const vite = await createServer({
  appType: 'custom',
  logLevel: 'warn',
  server: { middlewareMode: true, hmr: false, ws: false },
});
let failures = 0;
try {
  const { default: App } = await vite.ssrLoadModule('/src/App.vue');
  const html = await renderToString(createSSRApp(App));
  const tags = html.match(/<pin-control\b[^>]*>/g) ?? [];
  console.log(tags.join('\n') || '(no <pin-control> tag)');
  if (tags.length !== 1) {
    console.error(`ssr: expected one <pin-control> tag, found ${tags.length}`);
    failures++;
  }
  for (const tag of tags) {
    if (/=>|\bfunction\b|\basync\b/.test(tag)) {
      console.error('ssr: a function was written into the <pin-control> tag');
      failures++;
    }
  }
} catch (error) {
  console.error('ssr: rendering threw', error);
  failures++;
} finally {
  await vite.close();
}
console.log(failures === 0 ? 'ssr: renderToString ok, no function in the tag' : 'ssr: FAILED');
process.exit(failures === 0 ? 0 : 1);
