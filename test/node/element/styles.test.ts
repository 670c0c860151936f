import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PUBLIC_TOKENS, styles } from '../../../src/styles.js';
import { THEME_KEYS } from '../../../src/protocol.js';

const cssText = styles;

test('every public --pin-control-* token maps to its private --_* token with a default', () => {
  for (const token of PUBLIC_TOKENS) {
    assert.match(cssText, new RegExp(`--_${token}:\\s*var\\(--pin-control-${token},\\s*[^)\\s]`), token);
  }
});

test('no public token is used outside its mapping, none undefined, and every private token is used', () => {
  const publicUses = [...cssText.matchAll(/--pin-control-([a-z-]+)/g)].map((m) => m[1]);
  assert.deepEqual(publicUses.sort(), [...PUBLIC_TOKENS].sort(), 'each public token appears once, in its mapping');
  const defined = new Set([...cssText.matchAll(/(--_[a-z-]+)\s*:/g)].map((m) => m[1]));
  const used = new Set([...cssText.matchAll(/var\((--_[a-z-]+)\)/g)].map((m) => m[1]));
  assert.deepEqual([...defined].sort(), PUBLIC_TOKENS.map((t) => `--_${t}`).sort());
  for (const name of used) assert.ok(defined.has(name), `${name} used but never defined`);
  for (const name of defined) assert.ok(used.has(name), `${name} defined but never used`);
});

test('the theme sent to the frame names public tokens only', () => {
  for (const key of THEME_KEYS) assert.ok((PUBLIC_TOKENS as readonly string[]).includes(key), key);
});
