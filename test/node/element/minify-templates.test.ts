// The build-time template minifier (scripts/minify-templates.mjs): what it
// changes in lit's html and css templates, and that it keeps every line where
// it was (source maps stay right).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { minifyTemplates } from '../../../scripts/minify-templates.mjs';

const plugin = minifyTemplates();
const transform = (code: string, id = '/repo/src/x.ts') =>
  (plugin.transform as (code: string, id: string) => { code: string } | null).call({}, code, id)?.code ?? null;
const lines = (code: string) => code.split('\n').length;

test('html: line-break whitespace goes between tags and expressions, and is one space between attributes', () => {
  const source = `const t = html\`
  <div class="a"
       part="b">
    \${x}
  </div>
  <iframe
    src=\${src}
    title=\${title}
    sandbox="allow-scripts allow-forms"
  ></iframe>
\`;`;
  const out = transform(source)!;
  assert.match(
    out,
    /html`<div class="a" part="b">\$\{\s*x\}<\/div><iframe src=\$\{\s*src\} title=\$\{\s*title\} sandbox="allow-scripts allow-forms"><\/iframe>`/,
  );
  assert.equal(lines(out), lines(source), 'removed line breaks are kept as JavaScript whitespace');
});

test('html: whitespace without a line break, and quoted attribute values, stay as written', () => {
  const out = transform('const t = html`<p title="a\n  b">x  y</p>`;')!;
  assert.match(out, /html`<p title="a\n {2}b">x {2}y<\/p>`/);
});

test('css without expressions is minified; with expressions it is left alone', () => {
  const out = transform('const s = css`\n  :host {\n    display: block;\n    color: #ffffff;\n  }\n`;')!;
  assert.match(out, /css`:host\{display:block;color:#fff\}`/);
  assert.equal(lines(out), 6);
  const dynamic = 'const s = css`\n  :host { width: ${w}; }\n`;';
  assert.match(transform(dynamic)!, /css`\n {2}:host \{ width: \$\{w\}; \}\n`/);
});

test('only the element sources are touched', () => {
  assert.equal(transform('const t = html`\n<p></p>\n`;', '/repo/test/x.ts'), null);
  assert.equal(transform('const n = 1;'), null);
});

test("the element's own templates keep their attributes apart", () => {
  const out = transform(readFileSync(new URL('../../../src/pin-control.ts', import.meta.url), 'utf8'), '/repo/src/pin-control.ts')!;
  assert.match(out, /<div class="box" part="container" tabindex="-1" aria-busy=\$\{/);
  assert.match(out, /<div class="status" part="status" role="status">\$\{/);
  assert.match(out, /<button type="button" part="retry" @click=\$\{/);
});
