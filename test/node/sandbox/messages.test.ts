// The frame script's DOM-free parts: the parent message schema, the parent
// check and the native bridge.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFromAllowedParent, parseParentMessage, type PageEvent } from '../../../sandbox/client/messages.js';
import { notifyNative } from '../../../sandbox/client/native-bridge.js';

describe('sandbox frame messages', () => {
  test('parses the three parent messages', () => {
    assert.deepEqual(parseParentMessage({ operation: 'view-pin', controlId: 'abc_DEF-1' }), {
      kind: 'operation',
      operation: 'view-pin',
      controlId: 'abc_DEF-1',
    });
    assert.deepEqual(parseParentMessage({ operation: 'set-pin', controlId: 'x', theme: { color: 'red', width: '1px' } }), {
      kind: 'operation',
      operation: 'set-pin',
      controlId: 'x',
      theme: { color: 'red' },
    });
    assert.deepEqual(parseParentMessage({ event: 'set_pin' }), { kind: 'set_pin' });
    assert.deepEqual(parseParentMessage({ event: 'theme', theme: { 'font-size': '20px', background: 'url(x)' } }), {
      kind: 'theme',
      theme: { 'font-size': '20px' },
    });
  });

  test('drops anything else without throwing', () => {
    const throwing = new Proxy(
      {},
      {
        has: () => true,
        get: () => {
          throw new Error('boom');
        },
      },
    );
    for (const [index, data] of [
      null,
      undefined,
      'view-pin',
      42,
      [],
      { operation: 'view-pin' },
      { operation: 'delete-pin', controlId: 'x' },
      { operation: 'view-pin', controlId: '' },
      { operation: 'view-pin', controlId: 'a b' },
      { operation: 'view-pin', controlId: '<img>' },
      { operation: 'view-pin', controlId: 'x'.repeat(257) },
      { operation: 'view-pin', controlId: 7 },
      { event: 'view_pin_success' },
      { event: 'SET_PIN' },
      throwing,
    ].entries()) {
      assert.equal(parseParentMessage(data), undefined, `case ${index}`);
    }
  });

  test('accepts only the parent window from an allowed origin', () => {
    const parent = {};
    const allowed = ['http://localhost:4000'];
    assert.equal(isFromAllowedParent({ origin: 'http://localhost:4000', source: parent }, parent, allowed), true);
    assert.equal(isFromAllowedParent({ origin: 'http://localhost:4001', source: parent }, parent, allowed), false);
    assert.equal(isFromAllowedParent({ origin: 'http://localhost:4000', source: {} }, parent, allowed), false);
    assert.equal(isFromAllowedParent({ origin: 'http://localhost:4000', source: null }, null, allowed), false);
    assert.equal(isFromAllowedParent({ origin: 'null', source: parent }, parent, allowed), false);
  });
});

describe('sandbox native bridge', () => {
  const events: PageEvent[] = [
    { event: 'view_pin_success' },
    { event: 'view_pin_error' },
    { event: 'set_pin_success' },
    { event: 'set_pin_error' },
    { event: 'set_pin_validation_error' },
    { event: 'pin_valid', pin_valid: true },
    { event: 'pin_valid', pin_valid: false },
  ];

  function stubHost() {
    const android: unknown[][] = [];
    const ios: unknown[] = [];
    const androidHandler: Record<string, (...args: unknown[]) => void> = {};
    for (const name of [
      'view_pin_success',
      'view_pin_error',
      'set_pin_success',
      'set_pin_error',
      'set_pin_validation_error',
      'pin_valid',
    ]) {
      androidHandler[name] = function (this: unknown, ...args: unknown[]) {
        assert.equal(this, androidHandler, 'called as a method');
        android.push([name, ...args]);
      };
    }
    const host = {
      android_handler: androidHandler,
      webkit: { messageHandlers: { ios_handler: { postMessage: (body: unknown) => ios.push(body) } } },
    };
    return { host, android, ios };
  }

  test('calls both handlers in their own shapes', () => {
    const { host, android, ios } = stubHost();
    for (const event of events) notifyNative(host, event);
    assert.deepEqual(android, [
      ['view_pin_success'],
      ['view_pin_error'],
      ['set_pin_success'],
      ['set_pin_error'],
      ['set_pin_validation_error'],
      ['pin_valid', true],
      ['pin_valid', false],
    ]);
    assert.deepEqual(ios, events);
  });

  test('is silent without handlers, and one throwing handler does not stop the other', () => {
    for (const host of [undefined, null, {}, { android_handler: {} }, { webkit: {} }, { webkit: { messageHandlers: {} } }]) {
      assert.doesNotThrow(() => notifyNative(host, { event: 'set_pin_error' }));
    }
    const ios: unknown[] = [];
    notifyNative(
      {
        android_handler: {
          set_pin_error: () => {
            throw new Error('app bug');
          },
        },
        webkit: { messageHandlers: { ios_handler: { postMessage: (m: unknown) => ios.push(m) } } },
      },
      { event: 'set_pin_error' },
    );
    assert.deepEqual(ios, [{ event: 'set_pin_error' }]);
  });
});
