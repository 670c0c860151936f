import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carriesId, checkFrameURL, parseFrameOrigins } from '../../../src/origin-policy.js';

const policy = {
  origins: ['https://pin.example.com', 'http://127.0.0.1:8766'],
  pageOrigin: 'https://shop.example',
};

test('frame-origins: https anywhere, http only on localhost/127.0.0.1, bare origins only', () => {
  const { origins, refused } = parseFrameOrigins(
    ' https://pin.example.com  http://localhost:5173 http://127.0.0.1:8766/ http://evil.example https://a.example/path javascript:alert(1) data:text/html,x ftp://x.example HTTPS://PIN.example.com',
  );
  assert.deepEqual(origins, ['https://pin.example.com', 'http://localhost:5173', 'http://127.0.0.1:8766']);
  assert.deepEqual(refused, [
    'http://evil.example',
    'https://a.example/path',
    'javascript:alert(1)',
    'data:text/html,x',
    'ftp://x.example',
  ]);
  assert.deepEqual(parseFrameOrigins(null), { origins: [], refused: [] });
});

test('schemes: https on any host, http only on localhost and 127.0.0.1, in frame-origins and for the frame URL alike', () => {
  const { origins, refused } = parseFrameOrigins('https://x.example http://localhost:1 http://127.0.0.1 http://x.example http://127.0.0.2');
  assert.deepEqual(origins, ['https://x.example', 'http://localhost:1', 'http://127.0.0.1']);
  assert.deepEqual(refused, ['http://x.example', 'http://127.0.0.2']);
  // Even an allowlist naming them cannot let a plain-http frame from another host in.
  const careless = { origins: ['http://x.example', 'http://127.0.0.2'], pageOrigin: 'https://shop.example' };
  for (const url of ['http://x.example/frame', 'http://127.0.0.2/frame'])
    assert.deepEqual(checkFrameURL(url, careless), { ok: false, reason: 'scheme' }, url);
  assert.equal(checkFrameURL('http://localhost:1/frame', { origins: ['http://localhost:1'], pageOrigin: 'https://shop.example' }).ok, true);
});

test('an allowlisted URL passes, with key added when missing', () => {
  assert.deepEqual(checkFrameURL('https://pin.example.com/frame', { ...policy, frameKey: 'k 1' }), {
    ok: true,
    url: 'https://pin.example.com/frame?key=k+1',
    origin: 'https://pin.example.com',
  });
  const kept = checkFrameURL('https://pin.example.com/frame?key=own', { ...policy, frameKey: 'other' });
  assert.equal(kept.ok && kept.url, 'https://pin.example.com/frame?key=own');
  const noKey = checkFrameURL('http://127.0.0.1:8766/pincontrol/v2/frame', policy);
  assert.equal(noKey.ok && noKey.url, 'http://127.0.0.1:8766/pincontrol/v2/frame');
});

test('javascript:, data:, relative, credentials, non-allowlisted and same-origin URLs are refused', () => {
  const cases: Array<[string, string]> = [
    ['javascript:alert(1)', 'scheme'],
    ['data:text/html,<script>alert(1)</script>', 'scheme'],
    ['blob:https://pin.example.com/uuid', 'scheme'],
    ['/frame', 'unparsable'],
    ['not a url', 'unparsable'],
    ['https://user:pw@pin.example.com/frame', 'credentials'],
    ['https://evil.example/frame', 'not-allowlisted'],
    ['https://pin.example.com.evil.example/frame', 'not-allowlisted'],
    ['http://pin.example.com/frame', 'scheme'],
    ['https://shop.example/frame', 'same-origin'],
  ];
  for (const [raw, reason] of cases) assert.deepEqual(checkFrameURL(raw, policy), { ok: false, reason }, raw);
  assert.deepEqual(checkFrameURL('https://shop.example/frame', { ...policy, origins: [...policy.origins, 'https://shop.example'] }), {
    ok: false,
    reason: 'same-origin',
  });
});

test('carriesId: the id in a frame URL is found however it is escaped', () => {
  const base = 'https://pin.example.com/frame';
  const every = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  const found: Array<[string, string]> = [
    ['abc-123', `${base}?s=abc-123`],
    ['abc-123', `${base}#abc-123`],
    ['abc-123', `${base}/abc-123/x`],
    ['id/with+1', `${base}?s=${encodeURIComponent('id/with+1')}`],
    ['id/with+1', `${base}?s=id%2fwith%2b1`], // lowercase hex
    ['id/with+1', `${base}/id%2fwith%2b1`],
    ['abc-123', `${base}/${every('abc-123')}`], // every character escaped
    ['abc-123', `${base}?${every('abc-123')}=1`], // in a query key
    ['abc-123', `${base}?s=${every('abc-123').toUpperCase()}`],
    ['abc 123', `${base}/abc+123`], // + in the path
    ['+abc 12', `${base}/%2Babc+12`], // + for the space, %2B for the plus (found by the property test)
    ['abc 123', `${base}?s=abc+123`],
    ["it's-1", `${base}?s=it%27s-1`], // %27
    ["it's-1", new URL(`${base}?s=it's-1`).href], // the parser escapes ' itself
    ['abc-123', `${base}/${every(every('abc-123'))}`], // escaped twice
    ['abc-123', `${base}/%zz${every('abc-123')}%`], // next to broken escapes
    ['abc-123', `${base}/%ff${every('abc-123')}`], // next to a non-UTF-8 byte
    ['pïn-ä', `${base}?s=${encodeURIComponent('pïn-ä')}`],
  ];
  for (const [id, url] of found) assert.equal(carriesId(url, id), true, `${id} in ${url}`);
  for (const [id, url] of [
    ['abc-123', `${base}?key=demo`],
    ['abc-123', `${base}/abc-12/3`],
  ] as const) {
    assert.equal(carriesId(url, id), false, `${id} not in ${url}`);
  }
});
