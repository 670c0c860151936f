// The benchmarks' pages serve the element bundled by esbuild (bench/esbuild-bundle.ts),
// which must be what ships: no development hints. Vite drops them through
// DEV_MODE; esbuild cannot, and carried about 3 KB gzip of them that the pages parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { esbuildBundle, esbuildBundleText } from '../../../bench/esbuild-bundle.js';

/** Sentences of three of the hints that only src/dev-hints.ts has. */
const HINT_PHRASES = [/did you mean/, /setPin\(\) sent nothing/, /has had no token source/];

test("the bench's element bundle carries none of the development hints, and the element's own texts", async () => {
  const text = await esbuildBundleText('src/define.ts');
  for (const phrase of HINT_PHRASES) assert.ok(!phrase.test(text), `${phrase} is in the bundle`);
  assert.ok(text.includes('Loading the secure PIN view'), "the element's English texts are in the bundle");
});

test("the bench's element bundle stays within 2 KB gzip over the shipped bundle's 16 KB budget", async () => {
  // esbuild's minifier leaves about 1.4 KB more than the shipped build's (the budget itself is checked in build.test.ts).
  const gzip = gzipSync(await esbuildBundle('src/define.ts'), { level: 9 }).length;
  assert.ok(gzip <= 16_384 + 2_048, `${gzip} B gzip: the bench would time code that does not ship`);
});
