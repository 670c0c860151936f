// A small build-time transform for the element's Lit templates (no
// dependency beyond esbuild, which the project has): `css` templates without
// expressions are minified by esbuild's CSS minifier, and the whitespace of
// `html` templates that holds a line break is dropped between tags and
// expressions and becomes one space inside a tag. Every removed line break is
// put back as JavaScript whitespace (after the next `${` or the closing
// backtick), which the JS minifier then drops: source maps keep their lines.
// Used by vite.config.ts for both builds; tests of `src/` see the templates
// as written.
import { transformSync } from 'esbuild';
import { parseAst } from 'vite';

const newlines = (text) => (text.match(/\n/g) ?? []).length;

/** `html` quasis: whitespace runs with a line break go, or become a space inside a tag. */
function minifyHtml(quasis) {
  let inTag = false;
  let quote = '';
  return quasis.map((raw) => {
    let out = '';
    for (let i = 0; i < raw.length; i += 1) {
      const char = raw[i];
      if (/\s/.test(char)) {
        let end = i;
        while (end < raw.length && /\s/.test(raw[end])) end += 1;
        const run = raw.slice(i, end);
        if (!quote && run.includes('\n')) {
          const next = raw[end] ?? '';
          // Inside a tag, attributes stay apart; before `>`/`/>`, at a tag's start or outside tags, nothing.
          out += inTag && !/[\s<]$/.test(out) && next !== '>' && next !== '/' ? ' ' : '';
        } else out += run;
        i = end - 1;
        continue;
      }
      if (quote) {
        if (char === quote) quote = '';
      } else if (inTag && (char === '"' || char === "'")) quote = char;
      else if (char === '<') inTag = true;
      else if (char === '>') inTag = false;
      out += char;
    }
    return out;
  });
}

function minifyCss(raw) {
  return transformSync(raw, { loader: 'css', minify: true }).code.trim();
}

/** @returns {import('vite').Plugin} */
export function minifyTemplates() {
  return {
    name: 'pin-control-minify-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      const ast = parseAst(code, { lang: 'ts' });
      const edits = [];
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (
          node.type === 'TaggedTemplateExpression' &&
          node.tag.type === 'Identifier' &&
          (node.tag.name === 'html' || node.tag.name === 'css')
        ) {
          const quasis = node.quasi.quasis;
          // A quasi's span holds its delimiters (`` ` ``/`}` before, `${`/`` ` `` after).
          const raws = quasis.map((q) => q.value.raw);
          let minified;
          if (node.tag.name === 'css') minified = raws.length === 1 ? [minifyCss(raws[0])] : raws;
          else minified = minifyHtml(raws);
          quasis.forEach((q, i) => {
            const last = i === quasis.length - 1;
            // Replace the quasi and the `${` or closing backtick after it, moving removed line breaks past it.
            const from = q.start + 1;
            const to = from + raws[i].length + (last ? 1 : 2);
            const lost = newlines(raws[i]) - newlines(minified[i]);
            edits.push([from, to, minified[i] + (last ? '`' : '${') + '\n'.repeat(Math.max(0, lost))]);
          });
        }
        for (const key of Object.keys(node)) {
          const value = node[key];
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object' && key !== 'parent') visit(value);
        }
      };
      visit(ast);
      if (!edits.length) return null;
      let out = code;
      for (const [from, to, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, from) + text + out.slice(to);
      return { code: out, map: null };
    },
  };
}
