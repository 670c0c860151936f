import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CALLBACKS,
  eventName,
  operationMessage,
  parseFrameMessage,
  parseTokenResponse,
  readTheme,
  scopeFor,
  setPinMessage,
  themeMessage,
} from '../../../src/protocol.js';

test('token response: id and pinFrameURL are required strings; extras are dropped', () => {
  assert.deepEqual(parseTokenResponse({ id: 'abc', pinFrameURL: 'https://pin.example/frame', pinURL: 'x', more: 1 }), {
    id: 'abc',
    pinFrameURL: 'https://pin.example/frame',
  });
  for (const bad of [
    null,
    'text',
    [],
    {},
    { id: 'abc' },
    { pinFrameURL: 'https://pin.example' },
    { id: '', pinFrameURL: 'https://pin.example' },
    { id: 1, pinFrameURL: 'https://pin.example' },
    { id: 'a'.repeat(513), pinFrameURL: 'https://pin.example' },
  ]) {
    assert.equal(parseTokenResponse(bad), undefined, JSON.stringify(bad));
  }
});

test('frame messages: every callback in the iOS shape passes', () => {
  for (const event of CALLBACKS) {
    const data = event === 'pin_valid' ? { event, pin_valid: true } : { event };
    assert.deepEqual(parseFrameMessage(data), data);
  }
});

test('frame messages: unknown, malformed, extra keys and PIN-like fields are refused, never thrown', () => {
  const refused: unknown[] = [
    undefined,
    null,
    42,
    'view_pin_success',
    ['view_pin_success'],
    { event: 'view_pin_success', pin: '1234' },
    { event: 'set_pin_success', controlId: 'x' },
    { event: 'pin_valid' },
    { event: 'pin_valid', pin_valid: 'true' },
    { event: 'pin_valid', pin_valid: true, value: '1234' },
    { event: 'set_pin' },
    { event: 'VIEW_PIN_SUCCESS' },
    { event: 'x'.repeat(1_000_000) },
    { event: 'view_pin_success', padding: 'x'.repeat(1_000_000) },
    Object.create({ event: 'view_pin_success' }),
  ];
  for (const data of refused) assert.equal(parseFrameMessage(data), undefined);
  const hostile = new Proxy(
    {},
    {
      get: () => {
        throw new Error('boom');
      },
      ownKeys: () => {
        throw new Error('boom');
      },
    },
  );
  assert.equal(parseFrameMessage(hostile), undefined);
});

test('each callback maps to its DOM event name', () => {
  assert.equal(eventName('view_pin_success'), 'view-pin-success');
  assert.equal(eventName('set_pin_validation_error'), 'set-pin-validation-error');
  assert.equal(eventName('pin_valid'), 'pin-valid');
  for (const callback of CALLBACKS) assert.equal(eventName(callback), callback.replaceAll('_', '-'));
});

test('parent → frame builders', () => {
  assert.equal(scopeFor('view'), 'VIEW_PIN');
  assert.equal(scopeFor('set'), 'SET_PIN');
  assert.deepEqual(operationMessage('view', 'id1'), { operation: 'view-pin', controlId: 'id1' });
  assert.deepEqual(operationMessage('set', 'id2', { color: 'red' }), {
    operation: 'set-pin',
    controlId: 'id2',
    theme: { color: 'red' },
  });
  assert.deepEqual(setPinMessage(), { event: 'set_pin' });
  assert.deepEqual(themeMessage({ 'font-size': '20px' }), { event: 'theme', theme: { 'font-size': '20px' } });
});

test('readTheme takes the set --pin-control-* values, without the prefix', () => {
  const values: Record<string, string> = {
    '--pin-control-color': ' #123456 ',
    '--pin-control-width': '10px',
    '--pin-control-font-size': '',
  };
  assert.deepEqual(
    readTheme((p) => values[p] ?? ''),
    { color: '#123456' },
  );
  assert.equal(
    readTheme(() => ''),
    undefined,
  );
  assert.equal(
    readTheme(() => 'x'.repeat(201)),
    undefined,
  );
});
