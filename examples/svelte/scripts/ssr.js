// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run ssr`: server-renders the app's component with `svelte/server` and
// fails when that throws or when the <pin-control> tag carries a function's
// source (what a server render writes for a function prop such as
// tokenProvider; App.svelte sets it in onMount, i.e. only in the browser).
import { createServer } from 'vite';

const vite = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
let failed = false;
try {
  // Both through Vite, so the component and the renderer share one copy of svelte.
  const { render } = await vite.ssrLoadModule('svelte/server');
  const { default: App } = await vite.ssrLoadModule('/src/App.svelte');
  const { body } = render(App);
  const tags = body.match(/<pin-control\b[^>]*>/g) ?? [];
  console.log(tags.join('\n'));
  if (tags.length !== 1) {
    failed = true;
    console.error(`FAIL: expected one <pin-control> tag, found ${tags.length}`);
  }
  for (const tag of tags) {
    if (/=>|\bfunction\b|\basync\b/.test(tag)) {
      failed = true;
      console.error('FAIL: the server-rendered <pin-control> tag contains a function source');
    }
  }
} catch (error) {
  failed = true;
  console.error('FAIL: svelte/server render threw', error);
} finally {
  await vite.close();
}
console.log(failed ? 'ssr: 0 passed, 1 failed' : 'ssr: 1 passed, 0 failed');
process.exitCode = failed ? 1 : 0;
