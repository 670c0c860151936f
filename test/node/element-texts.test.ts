import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from '../../src/events.js';
import { LANGUAGES, TEXTS, hasMarkup, plainText, resolveLanguage, textsFor } from '../../src/texts.js';

test('every language has every text, none empty, and a text per error code', () => {
  const keys = Object.keys(TEXTS.en).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(TEXTS[lang]).sort(), keys, lang);
    for (const value of Object.values(TEXTS[lang])) assert.ok(value.trim(), lang);
    for (const code of ERROR_CODES) assert.ok(TEXTS[lang][code], `${lang} ${code}`);
  }
  assert.notEqual(TEXTS.fi.retry, TEXTS.en.retry);
  assert.notEqual(TEXTS.sv.retry, TEXTS.en.retry);
});

test('language: own lang, then the nearest ancestor, then en', () => {
  assert.equal(resolveLanguage([]), 'en');
  assert.equal(resolveLanguage([null, '', 'fi']), 'fi');
  assert.equal(resolveLanguage(['sv', 'fi']), 'sv');
  assert.equal(resolveLanguage([null, 'fi-FI', 'sv']), 'fi');
  assert.equal(resolveLanguage(['SV-fi']), 'sv');
  assert.equal(resolveLanguage(['de', 'fi']), 'en', 'the nearest lang decides; without texts for it, en');
  assert.equal(resolveLanguage([undefined, null]), 'en');
});

test('messages override per key, and per language over general', () => {
  const texts = textsFor('fi', { retry: 'Again', fi: { retry: 'Uudestaan' }, sv: { loading: 'x' } });
  assert.equal(texts.retry, 'Uudestaan');
  assert.equal(texts.loading, TEXTS.fi.loading);
  assert.equal(textsFor('en', { retry: 'Again' }).retry, 'Again');
  assert.equal(textsFor('en', { retry: 42 as unknown as string }).retry, TEXTS.en.retry, 'non-strings ignored');
  assert.equal(textsFor('sv', null).retry, TEXTS.sv.retry);
  assert.notEqual(textsFor('en', { retry: 'x' }), TEXTS.en);
  assert.equal(TEXTS.en.retry, 'Try again', 'the built-in table is not mutated');
});

test('hasMarkup', () => {
  assert.ok(hasMarkup('Call <a href="tel:1">us</a>'));
  assert.ok(hasMarkup('Tom &amp; Jerry'));
  assert.ok(!hasMarkup('Plain text.'));
});

test('plainText keeps the words of a text with markup and drops its tags', () => {
  assert.equal(plainText('Call <a href="tel:1">us</a> &amp; <strong>retry</strong>'), 'Call us & retry');
  assert.equal(plainText('<img src=x onerror=alert(1)>Hi'), 'Hi');
  assert.equal(plainText('a &lt;b&gt; c'), 'a <b> c');
  assert.equal(plainText('broken <b'), 'broken ');
});

test('frame-unresponsive names the likely causes in every language; no status before success claims the PIN is shown', () => {
  for (const lang of LANGUAGES) {
    const texts = TEXTS[lang];
    assert.match(texts['frame-unresponsive'], /origin/, `${lang}: the page origin`);
    assert.match(texts['frame-unresponsive'], /frame-key/, `${lang}: the frame-key attribute`);
    for (const key of ['loading', 'readyView', 'readySet'] as const) {
      assert.notEqual(texts[key], texts.successView, `${lang} ${key}`);
      assert.doesNotMatch(texts[key], /shown|näkyy|näytetty|visas|visades/i, `${lang} ${key}`);
    }
  }
});
