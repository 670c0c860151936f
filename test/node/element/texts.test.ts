import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { RETRY_CAUSES, TOKEN_FAILURE_REASONS } from '../../../src/events.js';
// fi and sv are opt-in modules that register themselves.
import '../../../src/lang/fi.js';
import '../../../src/lang/sv.js';
import {
  LANGUAGES,
  TEXTS,
  errorText,
  formatWait,
  hasMarkup,
  plainText,
  resolveLanguage,
  retryWaitText,
  textsFor,
  type TextKey,
} from '../../../src/texts.js';

const ROOT = new URL('../../../', import.meta.url);

// That every language has every key (and no other) is the `Texts` type's job:
// src/lang/*.ts do not compile otherwise. These check what the type cannot.

test('each language is a module in src/lang/, registered, built and exported by the package', () => {
  const modules = readdirSync(new URL('src/lang/', ROOT))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -3))
    .sort();
  assert.deepEqual(modules, LANGUAGES.filter((lang) => lang !== 'en').sort(), 'src/lang/ holds exactly the opt-in languages');
  const viteConfig = readFileSync(new URL('vite.config.ts', ROOT), 'utf8');
  const { exports } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { exports: Record<string, unknown> };
  for (const lang of modules) {
    assert.ok(TEXTS[lang as keyof typeof TEXTS], `${lang} registers its texts when imported`);
    assert.ok(viteConfig.includes(`'lang/${lang}': 'src/lang/${lang}.ts'`), `vite.config.ts builds lang/${lang}`);
    assert.deepEqual(
      exports[`./lang/${lang}`],
      {
        types: `./dist/types/lang/${lang}.d.ts`,
        development: `./dist/development/lang/${lang}.js`,
        default: `./dist/lang/${lang}.js`,
      },
      `package.json exports ./lang/${lang}`,
    );
  }
});

test('no text is empty or padded, and each keeps the placeholders of its English text', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  for (const lang of LANGUAGES) {
    for (const [key, value] of Object.entries(TEXTS[lang]!) as Array<[TextKey, string]>) {
      assert.ok(value !== '' && value === value.trim(), `${lang} ${key}: ${JSON.stringify(value)}`);
      assert.deepEqual(placeholders(value), placeholders(TEXTS.en[key]), `${lang} ${key} placeholders`);
    }
  }
  assert.deepEqual(placeholders(TEXTS.en.retryWait), ['time']);
  // A retry cause is shown by its own text when the retries run out (set-pin-error by retries-exhausted); no type links the two lists.
  for (const cause of RETRY_CAUSES.filter((cause) => cause !== 'set-pin-error')) assert.ok(Object.hasOwn(TEXTS.en, cause), cause);
});

test('every token failure reason has its own sentence, translated in each language', () => {
  for (const lang of LANGUAGES) {
    const sentences = TOKEN_FAILURE_REASONS.map((reason) => TEXTS[lang]![reason]);
    assert.equal(new Set(sentences).size, sentences.length, `${lang}: each reason has its own sentence`);
    if (lang === 'en') continue;
    for (const reason of TOKEN_FAILURE_REASONS) assert.notEqual(TEXTS[lang]![reason], TEXTS.en[reason], `${lang} ${reason} is translated`);
    assert.notEqual(TEXTS[lang]!.retry, TEXTS.en.retry, `${lang} retry is translated`);
  }
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
  assert.equal(texts.loading, TEXTS.fi!.loading);
  assert.equal(textsFor('en', { retry: 'Again' }).retry, 'Again');
  assert.equal(textsFor('en', { retry: 42 as unknown as string }).retry, TEXTS.en.retry, 'non-strings ignored');
  assert.equal(textsFor('sv', null).retry, TEXTS.sv!.retry);
  // Each call gives a fresh copy: neither an override nor a change to the
  // result reaches the built-in table or a later call.
  const first = textsFor('fi', { retry: 'x' });
  first.loading = 'changed by the caller';
  const next = textsFor('fi', null);
  assert.equal(next.retry, 'Yritä uudelleen', 'an override does not outlive its call');
  assert.equal(next.loading, 'Ladataan suojattua PIN-näkymää…', 'changing a result changes no later one');
  assert.equal(textsFor('en', { retry: 'x' }).retry, 'x');
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
    const texts = TEXTS[lang]!;
    assert.match(texts['frame-unresponsive'], /origin/, `${lang}: the page origin`);
    assert.match(texts['frame-unresponsive'], /frame-key/, `${lang}: the frame-key attribute`);
    for (const key of ['loading', 'readyView', 'readySet'] as const) {
      assert.notEqual(texts[key], texts.successView, `${lang} ${key}`);
      assert.doesNotMatch(texts[key], /shown|näkyy|näytetty|visas|visades/i, `${lang} ${key}`);
    }
  }
});

test('errorText: a token failure says its reason; overrides for the reason win over those for the code', () => {
  assert.equal(errorText('en', null, { code: 'token-request-failed', reason: 'unauthorized' }), TEXTS.en.unauthorized);
  assert.equal(errorText('fi', null, { code: 'token-request-failed', reason: 'conflict' }), TEXTS.fi!.conflict);
  assert.equal(errorText('sv', null, { code: 'frame-origin-refused' }), TEXTS.sv!['frame-origin-refused'], 'no reason: the code');
  const messages = { 'token-request-failed': 'Call us.', sv: { network: 'Inget nät.' } };
  assert.equal(
    errorText('en', messages, { code: 'token-request-failed', reason: 'network' }),
    'Call us.',
    "the code's override covers its reasons",
  );
  assert.equal(errorText('sv', messages, { code: 'token-request-failed', reason: 'network' }), 'Inget nät.', "the reason's override wins");
  assert.equal(errorText('en', messages, { code: 'token-timeout', reason: 'timeout' }), TEXTS.en.timeout);
});

test('formatWait and retryWaitText: the wait in each language, seconds then whole minutes', () => {
  assert.equal(formatWait('en', 1), '1 second');
  assert.equal(formatWait('en', 30), '30 seconds');
  assert.equal(formatWait('en', 88.2), '89 seconds');
  assert.equal(formatWait('en', 90), '2 minutes');
  assert.equal(formatWait('en', 120), '2 minutes');
  assert.equal(formatWait('fi', 30), '30 sekuntia');
  assert.equal(formatWait('fi', 1), '1 sekunti');
  assert.equal(formatWait('sv', 30), '30 sekunder');
  assert.equal(formatWait('sv', 600), '10 minuter');
  assert.equal(retryWaitText('en', TEXTS.en, 30), 'Wait 30 seconds, then try again.');
  assert.equal(retryWaitText('fi', TEXTS.fi!, 30), 'Odota 30 sekuntia ja yritä sitten uudelleen.');
  assert.equal(retryWaitText('sv', TEXTS.sv!, 30), 'Vänta 30 sekunder och försök sedan igen.');
  assert.equal(retryWaitText('en', textsFor('en', { retryWait: 'Hold on.' }), 30), 'Hold on.');
});

test('the expiry notice and its close button are translated, and the notice asks for the PIN again', () => {
  assert.equal(TEXTS.en.expiredNotice, 'The secure session timed out. Type your new PIN again.');
  for (const lang of LANGUAGES) {
    const texts = TEXTS[lang]!; // fi and sv registered by the imports above
    assert.match(texts.expiredNotice, /PIN/, lang);
    if (lang === 'en') continue;
    assert.notEqual(texts.expiredNotice, TEXTS.en.expiredNotice, `${lang} expiredNotice`);
    assert.notEqual(texts.closeNotice, TEXTS.en.closeNotice, `${lang} closeNotice`);
  }
});
