// SRI for the built page (demo/sri.ts), DOM-free.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { addIntegrity, inlineCodeProblems, sha384, subresources } from '../../../demo/sri.js';

const VITE_HTML = `<!doctype html>
<html><head>
<link rel="icon" href="/favicon.svg" type="image/svg+xml" />
<script type="module" crossorigin src="/assets/index-abc.js"></script>
<link rel="modulepreload" crossorigin href="/assets/chunk-def.js">
<link rel="stylesheet" crossorigin href="/assets/style-123.css">
</head><body><p>Hi</p></body></html>`;

describe('SRI in the built HTML', () => {
  it('hashes as browsers check: sha384, base64', () => {
    assert.equal(sha384('alert(1)'), `sha384-${createHash('sha384').update('alert(1)').digest('base64')}`);
    assert.equal(sha384(''), 'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb');
  });

  it('finds every script, module preload and stylesheet, but not the icon', () => {
    assert.deepEqual(subresources(VITE_HTML), [
      { kind: 'script', url: '/assets/index-abc.js' },
      { kind: 'modulepreload', url: '/assets/chunk-def.js' },
      { kind: 'stylesheet', url: '/assets/style-123.css' },
    ]);
  });

  it('adds integrity to each and keeps crossorigin', () => {
    const out = addIntegrity(VITE_HTML, (url) => `sha384-${url.length}`);
    assert.match(out, /<script type="module" crossorigin src="\/assets\/index-abc.js" integrity="sha384-20"><\/script>/);
    assert.match(out, /<link rel="stylesheet" crossorigin href="\/assets\/style-123.css" integrity="sha384-21">/);
    assert.match(out, /<link rel="icon" href="\/favicon.svg" type="image\/svg\+xml" \/>/);
    assert.equal(subresources(out).length, 3);
  });

  it('adds crossorigin where it is missing, and replaces a stale integrity', () => {
    const out = addIntegrity('<script src="/a.js" integrity="sha384-old"></script>', () => 'sha384-new');
    assert.equal(out, '<script src="/a.js" crossorigin integrity="sha384-new"></script>');
  });

  it('refuses to ship a script it has no hash for', () => {
    assert.throws(() => addIntegrity(VITE_HTML, () => undefined), /No integrity hash for \/assets\/index-abc.js/);
  });

  it('spots inline code the CSP would block', () => {
    assert.deepEqual(inlineCodeProblems(VITE_HTML), []);
    assert.deepEqual(inlineCodeProblems('<script>alert(1)</script>'), ['an inline <script>']);
    assert.deepEqual(inlineCodeProblems('<script type="module">import "/x.js"</script>'), ['an inline <script>']);
    assert.deepEqual(inlineCodeProblems('<style>p{}</style>'), ['an inline <style>']);
    assert.deepEqual(inlineCodeProblems('<p style="color:red">'), ['a style="" attribute']);
    assert.deepEqual(inlineCodeProblems('<button onclick="go()">'), ['an inline event handler']);
  });
});
