import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardToNative } from '../../../src/native-bridge.js';

test('Android: a method call per callback, pin_valid with its boolean', () => {
  const calls: unknown[][] = [];
  const android_handler = {
    pin_valid(this: unknown, valid: boolean) {
      assert.equal(this, android_handler);
      calls.push(['pin_valid', valid]);
    },
    view_pin_success() {
      calls.push(['view_pin_success']);
    },
  };
  assert.deepEqual(forwardToNative({ android_handler }, { event: 'pin_valid', pin_valid: true }), ['android']);
  assert.deepEqual(forwardToNative({ android_handler }, { event: 'view_pin_success' }), ['android']);
  assert.deepEqual(forwardToNative({ android_handler }, { event: 'set_pin_error' }), [], 'missing method');
  assert.deepEqual(calls, [['pin_valid', true], ['view_pin_success']]);
});

test('iOS: postMessage in the iOS shape', () => {
  const posted: unknown[] = [];
  const win = { webkit: { messageHandlers: { ios_handler: { postMessage: (m: unknown) => posted.push(m) } } } };
  assert.deepEqual(forwardToNative(win, { event: 'pin_valid', pin_valid: false }), ['ios']);
  forwardToNative(win, { event: 'set_pin_success' });
  assert.deepEqual(posted, [{ event: 'pin_valid', pin_valid: false }, { event: 'set_pin_success' }]);
});

test('no bridge, odd shapes and throwing handlers do nothing and never throw', () => {
  assert.deepEqual(forwardToNative(undefined, { event: 'view_pin_success' }), []);
  assert.deepEqual(forwardToNative({}, { event: 'view_pin_success' }), []);
  assert.deepEqual(forwardToNative({ android_handler: { view_pin_success: 'nope' }, webkit: {} }, { event: 'view_pin_success' }), []);
  const throwing = {
    android_handler: {
      view_pin_error: () => {
        throw new Error('x');
      },
    },
    webkit: {
      messageHandlers: {
        ios_handler: {
          postMessage: () => {
            throw new Error('y');
          },
        },
      },
    },
  };
  assert.deepEqual(forwardToNative(throwing, { event: 'view_pin_error' }), []);
});

test('clobbered names (cross-origin windows whose properties throw) never make it throw', () => {
  const securityError = () => {
    throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
  };
  const crossOrigin = new Proxy({}, { get: securityError, has: securityError });
  const clobbered = { android_handler: crossOrigin, webkit: crossOrigin };
  assert.deepEqual(forwardToNative(clobbered, { event: 'view_pin_success' }), []);
  const getters = Object.defineProperties({}, { android_handler: { get: securityError }, webkit: { get: securityError } });
  assert.deepEqual(forwardToNative(getters, { event: 'pin_valid', pin_valid: true }), []);
  // One clobbered bridge does not stop the other.
  const posted: unknown[] = [];
  const half = {
    android_handler: crossOrigin,
    webkit: { messageHandlers: { ios_handler: { postMessage: (m: unknown) => posted.push(m) } } },
  };
  assert.deepEqual(forwardToNative(half, { event: 'view_pin_success' }), ['ios']);
  assert.deepEqual(posted, [{ event: 'view_pin_success' }]);
});
