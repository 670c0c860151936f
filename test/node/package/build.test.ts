// The published package as a consumer gets it: `npm run build` output, not
// the sources. Vite 8 can leave syntax a browser cannot parse (see
// TOOLCHAIN.md), so the single-file bundle is also run in Chromium.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, noChromium } from '../../support/chromium.js';
import { BUDGETS, measureSizes } from '../../../scripts/sizes.mjs';
import '../../../src/lang/fi.js';
import { TEXTS } from '../../../src/texts.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  exports: Record<string, string | { types: string; development?: string; default: string }>;
  sideEffects: string[];
};
const BUNDLE = 'dist/bundle/pin-control.bundle.js';
/** DOMPurify, built beside the bundle, which imports it by a relative URL. */
const DOMPURIFY = 'dist/bundle/dompurify.js';
const INTEGRITY = 'dist/bundle/integrity.json';
/**
 * Size ceilings that fail `npm test` (issue 10, item 4; scripts/sizes.mjs
 * measures, `npm run bench -- --only=size` prints the same figures).
 * BUDGETS are the goals: 16.0 KB gzip and 14.5 KB brotli for the single-file
 * bundle (met, and enforced), 6.0 KB gzip for the element's own code (ESM
 * entry, lit-html and zod external, English built in: a `todo` until met).
 * CEILINGS are what was reached: a ratchet, so no change can make it worse
 * unseen. Last set when the element moved from LitElement to lit-html on its
 * own small base (src/reactive-base.ts): bundle 18,168 → 16,278 B gzip and
 * 16,363 → 14,632 B brotli; the element's code 8,729 → 9,369 B gzip, as the
 * update base it used from lit is now its own. Raised on 2026-12-01 by what
 * two fixes for framework apps cost: a new tokenProvider function keeps the
 * run (+21 B gzip, +19 brotli on the bundle) and the `token-provider` alias
 * for Vue and Svelte (+22 B gzip, +47 brotli), no retry button for a
 * refused frame origin (+6 B), and focus kept in the element when its retry
 * button goes (+24 B gzip, +16 brotli): the bundle 16,351 B gzip and 14,694 B
 * brotli, the element 9,369 → 9,437 B (with setPin() waiting for the first
 * pin_valid, which cost −1 B gzip, +2 brotli).
 */
const CEILINGS = { bundleGzip: 16_355, bundleBrotli: 14_700, elementGzip: 9_440 };

/** Runs a snippet in a fresh Node process (SSR: no DOM globals at all), with extra export conditions. */
function runInNode(code: string, conditions: string[] = []): string {
  const flags = conditions.map((condition) => `--conditions=${condition}`);
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
}

/** Phrases of src/dev-hints.ts; with the name vite.config.ts replaces in every build, what no production file may hold. */
const DEV_PHRASES = [/did you mean/, /setPin\(\) sent nothing/];
const DEV_TRACES = [...DEV_PHRASES, /__PIN_CONTROL_DEV__/];

describe('the built package', () => {
  before(
    () => {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    },
    { timeout: 120_000 },
  );

  it('has a file for every export, with types for the module entries', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const files =
        typeof target === 'string' ? [target] : [target.default, target.types, ...(target.development ? [target.development] : [])];
      for (const file of files) assert.ok(existsSync(new URL(file, root)), `${entry} → ${file} exists`);
    }
  });

  it('names only the define module as a side effect', () => {
    // …and the opt-in language modules, which register their texts (and the bundle's files, which define the tag).
    assert.deepEqual(
      pkg.sideEffects.filter((path) => !/\/define\.(js|ts)$|\/lang\/\*\.(js|ts)$|^\.\/dist\/bundle\//.test(path)),
      [],
    );
  });

  it('imports in Node without a DOM (server-side rendering)', () => {
    const out = runInNode(`
      const element = await import('pin-control');
      await import('pin-control/define');
      const server = await import('pin-control/server');
      console.log(typeof element.PinControl, typeof server.createTokenHandler, typeof server.createNodeTokenHandler, typeof server.createIssuerClient);
    `);
    assert.equal(out.trim(), 'function function function function');
  });

  it('gives dev servers (the `development` condition) every element entry with its console hints, and production none of them', () => {
    const out = runInNode(
      `
      for (const entry of ['pin-control', 'pin-control/define', 'pin-control/lang/fi', 'pin-control/lang/sv']) console.log(import.meta.resolve(entry));
      const { PinControl } = await import('pin-control/define');
      await import('pin-control/lang/fi');
      console.log(typeof PinControl);
    `,
      ['development'],
    );
    const lines = out.trim().split('\n');
    assert.deepEqual(
      lines.slice(0, 4).map((url) => url.replace(/^.*\/dist\//, 'dist/')),
      ['dist/development/index.js', 'dist/development/define.js', 'dist/development/lang/fi.js', 'dist/development/lang/sv.js'],
    );
    assert.equal(lines[4], 'function', 'imports without a DOM, as a dev server renders on the server');
    // One texts registry: the development language modules register where the development element reads.
    for (const lang of ['fi', 'sv']) assert.match(read(`dist/development/lang/${lang}.js`), /from\s*["']\.\.\/texts\.js["']/);
    for (const file of ['dist/development/pin-control.js', 'dist/bundle/development/pin-control.bundle.js'])
      for (const phrase of DEV_PHRASES) assert.match(read(file), phrase);
    const production = ['dist/index.js', 'dist/define.js', 'dist/pin-control.js', 'dist/texts.js', BUNDLE, 'dist/bundle/lang/fi.js'];
    for (const file of production) for (const trace of DEV_TRACES) assert.doesNotMatch(read(file), trace, `${file}: no ${trace}`);
  });

  it('ships pin-control/server/redis as its own entry that never loads ioredis (an optional peer; the caller passes a client)', () => {
    const out = runInNode(`
      const redis = await import('pin-control/server/redis');
      console.log(typeof redis.createRedisRateLimitStore);
    `);
    assert.equal(out.trim(), 'function');
    for (const file of ['dist/server/index.js', 'dist/server/redis.js']) {
      assert.doesNotMatch(read(file), /(\bfrom\s*|\bimport\s*\(?\s*)["'`]ioredis/, `${file} imports no ioredis`);
    }
    const manifest = JSON.parse(read('package.json')) as {
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      dependencies: Record<string, string>;
    };
    assert.ok(manifest.peerDependencies?.ioredis, 'ioredis is a peer dependency');
    assert.equal(manifest.peerDependenciesMeta?.ioredis?.optional, true, 'an optional one');
    assert.equal(manifest.dependencies.ioredis, undefined, 'never a runtime dependency');
  });

  it('describes the element in custom-elements.json from its JSDoc', () => {
    const manifest = JSON.parse(read('dist/custom-elements.json')) as {
      modules: Array<{ declarations?: Array<Record<string, unknown>> }>;
    };
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'pin-control');
    assert.ok(element, 'pin-control is declared');
    const names = (key: string) => ((element[key] ?? []) as Array<{ name: string }>).map((item) => item.name);
    for (const event of ['view-pin-success', 'set-pin-success', 'pin-valid', 'pin-control-error']) {
      assert.ok(names('events').includes(event), `event ${event}`);
    }
    for (const prop of ['--pin-control-width', '--pin-control-accent-color', '--pin-control-focus-ring']) {
      assert.ok(names('cssProperties').includes(prop), `css property ${prop}`);
    }
    assert.deepEqual(
      ['frame', 'status', 'error', 'notice', 'notice-close'].filter((p) => !names('cssParts').includes(p)),
      [],
    );
    assert.deepEqual(
      ['loading', 'error'].filter((s) => !names('slots').includes(s)),
      [],
    );
    for (const attribute of ['mode', 'token-url', 'frame-origins', 'frame-url', 'frame-key', 'native-bridge']) {
      assert.ok(names('attributes').includes(attribute), `attribute ${attribute}`);
    }
    assert.ok(!names('attributes').includes('key'), 'no `key` attribute (React and Vue drop it)');
  });

  it('types every event detail in custom-elements.json, as in PinControlEventMap', () => {
    const manifest = JSON.parse(read('dist/custom-elements.json')) as {
      modules: Array<{ declarations?: Array<{ tagName?: string; events?: Array<{ name: string; type?: { text: string } }> }> }>;
    };
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'pin-control');
    const types = Object.fromEntries((element?.events ?? []).map((event) => [event.name, event.type?.text]));
    assert.deepEqual(types, {
      'view-pin-success': 'CustomEvent<null>',
      'view-pin-error': 'CustomEvent<null>',
      'set-pin-success': 'CustomEvent<null>',
      'set-pin-error': 'CustomEvent<null>',
      'set-pin-validation-error': 'CustomEvent<null>',
      'pin-valid': 'CustomEvent<PinValidDetail>',
      'pin-control-ready': 'CustomEvent<PinControlReadyDetail>',
      'pin-control-error': 'CustomEvent<PinControlErrorDetail>',
    });
  });

  it('keeps the bundle and the element under their size ceilings', () => {
    const { bundle, element } = measureSizes(new URL('dist', root).pathname);
    assert.ok(bundle.gzip <= CEILINGS.bundleGzip, `bundle ${bundle.gzip} B gzip > ${CEILINGS.bundleGzip}`);
    assert.ok(bundle.brotli <= CEILINGS.bundleBrotli, `bundle ${bundle.brotli} B brotli > ${CEILINGS.bundleBrotli}`);
    assert.ok(element.gzip <= CEILINGS.elementGzip, `element ${element.gzip} B gzip > ${CEILINGS.elementGzip}`);
  });

  it('meets the bundle budgets of issue 10 (16.0 KB gzip, 14.5 KB brotli)', () => {
    const { bundle } = measureSizes(new URL('dist', root).pathname);
    assert.ok(bundle.gzip <= BUDGETS.bundleGzip, `bundle ${bundle.gzip} B gzip > ${BUDGETS.bundleGzip}`);
    assert.ok(bundle.brotli <= BUDGETS.bundleBrotli, `bundle ${bundle.brotli} B brotli > ${BUDGETS.bundleBrotli}`);
  });

  it(
    "meets the element's budget of issue 10 (6.0 KB gzip)",
    { todo: "not reached: the element's own code is 9.2 KB gzip; see the README (Performance)" },
    () => {
      const { element } = measureSizes(new URL('dist', root).pathname);
      assert.ok(element.gzip <= BUDGETS.elementGzip, `element ${element.gzip} B gzip > ${BUDGETS.elementGzip}`);
    },
  );

  it('leaves DOMPurify out of the single-file bundle', () => {
    const bundle = readFileSync(new URL(BUNDLE, root));
    const code = bundle.toString();
    assert.ok(/import\(["'`]\.\/dompurify\.js["'`]\)/.test(code), 'DOMPurify stays a dynamic import, of the file beside the bundle');
    assert.ok(!code.includes('removeAllHooks'), 'DOMPurify itself is not inside');
    assert.ok(existsSync(new URL(DOMPURIFY, root)), `${DOMPURIFY} is shipped beside it`);
  });

  it('runs the single-file bundle from <script type="module"> in Chromium', { skip: noChromium }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // A made-up origin, answered from here: nothing leaves the machine. The
      // token endpoint fails, so the element shows its error text.
      await page.route('http://bundle.test/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/pin-control.bundle.js') return route.fulfill({ contentType: 'text/javascript', body: read(BUNDLE) });
        if (path === '/token') return route.fulfill({ status: 500, body: 'down' });
        if (path.endsWith('.js')) return route.fulfill({ status: 404, body: 'not here' }); // no dompurify.js beside it
        return route.fulfill({
          contentType: 'text/html',
          body: `<script type="module" src="/pin-control.bundle.js"></script>
                 <pin-control mode="view" token-url="/token" frame-origins="https://pin.example"></pin-control>`,
        });
      });
      await page.goto('http://bundle.test/');
      await page.waitForFunction(() => customElements.get('pin-control') !== undefined);
      await page.waitForFunction(() => (document.querySelector('pin-control') as HTMLElement & { state: string }).state === 'error');
      assert.deepEqual(errors, []);

      // Rich text when dompurify.js is missing beside the bundle: the words stay, the tags go.
      assert.deepEqual(await richTextOnPage(page), { text: 'Call us & retry', strong: 0, img: 0 });
    } finally {
      await browser.close();
    }
  });

  it('runs the development bundle on a plain page: console hints, and Finnish without a lang module', { skip: noChromium }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await page.route('http://bundle.test/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/token') return route.fulfill({ status: 500, body: 'down' });
        if (path.startsWith('/dist/bundle/')) return route.fulfill({ contentType: 'text/javascript', body: read(path.slice(1)) });
        return route.fulfill({
          contentType: 'text/html',
          body: `<script type="module" src="/dist/bundle/development/pin-control.bundle.js"></script>
                 <pin-control tokenurl="/token" frame-origins="https://pin.example"></pin-control>
                 <pin-control lang="fi" token-url="/token" frame-origins="https://pin.example"></pin-control>`,
        });
      });
      await page.goto('http://bundle.test/');
      await page.waitForFunction(() => (document.querySelectorAll('pin-control')[1] as HTMLElement & { state: string }).state === 'error');
      const finnish = await page.evaluate(
        () => document.querySelectorAll('pin-control')[1]!.shadowRoot!.querySelector('[part=error] p')!.textContent,
      );
      assert.equal(finnish, TEXTS.fi!.unavailable);
      assert.deepEqual(errors, []);
      assert.ok(
        warnings.some((line) => line.includes('ignores the attribute "tokenurl": did you mean "token-url"?')),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((line) => line.includes('pin-control-error token-request-failed (unavailable, HTTP 500)')),
        warnings.join('\n'),
      );
    } finally {
      await browser.close();
    }
  });

  it('renders rich-text messages on a plain page with only the bundle files, SRI-checked', { skip: noChromium }, async () => {
    const hashes = JSON.parse(read(INTEGRITY)) as Record<string, string>;
    const sha384 = (path: string) =>
      `sha384-${createHash('sha384')
        .update(readFileSync(new URL(path, root)))
        .digest('base64')}`;
    assert.deepEqual(
      hashes,
      {
        'dompurify.js': sha384(DOMPURIFY),
        'lang/fi.js': sha384('dist/bundle/lang/fi.js'),
        'lang/sv.js': sha384('dist/bundle/lang/sv.js'),
        'pin-control.bundle.js': sha384(BUNDLE),
      },
      'integrity.json is right',
    );
    const browser = await launchChromium();
    try {
      // The page an integrator writes: the bundle with its hash, and the lazily
      // loaded dompurify.js pinned by an import map's integrity entry.
      const pageWith = (dompurifyHash: string) => `<!doctype html>
        <script type="importmap">${JSON.stringify({ integrity: { '/dist/bundle/dompurify.js': dompurifyHash } })}</script>
        <script type="module" src="/dist/bundle/pin-control.bundle.js" integrity="${hashes['pin-control.bundle.js']}"></script>
        <pin-control mode="view" token-url="/token" frame-origins="https://pin.example"></pin-control>`;
      for (const [dompurifyHash, expected] of [
        [hashes['dompurify.js'], { text: 'Call us & retry', strong: 1, img: 0 }],
        // A dompurify.js that does not match its hash never runs: words only.
        ['sha384-' + 'A'.repeat(64), { text: 'Call us & retry', strong: 0, img: 0 }],
      ] as const) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.route('http://bundle.test/**', (route) => {
          const path = new URL(route.request().url()).pathname;
          if (path === '/token') return route.fulfill({ status: 500, body: 'down' });
          if (path.startsWith('/dist/bundle/')) return route.fulfill({ contentType: 'text/javascript', body: read(path.slice(1)) });
          return route.fulfill({ contentType: 'text/html', body: pageWith(dompurifyHash) });
        });
        await page.goto('http://bundle.test/');
        await page.waitForFunction(() => (document.querySelector('pin-control') as HTMLElement & { state?: string }).state === 'error');
        assert.deepEqual(await richTextOnPage(page), expected);
        assert.deepEqual(errors, []);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

/** Sets a rich-text override of the error text and reads what the element shows. */
async function richTextOnPage(page: Page): Promise<{ text: string; strong: number; img: number }> {
  await page.evaluate(() => {
    const element = document.querySelector('pin-control') as HTMLElement & { messages: unknown };
    element.messages = { 'token-request-failed': 'Call <strong>us</strong> &amp; <img src=x onerror=alert(1)>retry' };
  });
  await page.waitForFunction(() =>
    document.querySelector('pin-control')?.shadowRoot?.querySelector('[part=error]')?.textContent?.includes('Call us & retry'),
  );
  // Sanitizing is asynchronous: give a loaded DOMPurify the moment it needs.
  await page
    .waitForFunction(() => document.querySelector('pin-control')!.shadowRoot!.querySelector('[part=error] strong') !== null, undefined, {
      timeout: 2000,
    })
    .catch(() => {});
  return page.evaluate(() => {
    const error = document.querySelector('pin-control')!.shadowRoot!.querySelector('[part=error]')!;
    return {
      text: error.textContent.includes('Call us & retry') ? 'Call us & retry' : error.textContent,
      strong: error.querySelectorAll('strong').length,
      img: error.querySelectorAll('img').length,
    };
  });
}
