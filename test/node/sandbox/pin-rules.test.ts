import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describePinProblem, isValidPin, pinProblem } from '../../../sandbox/pin-rules.js';

describe('sandbox PIN rules', () => {
  test('accepts 4 to 12 digits that are not trivial', () => {
    for (const pin of ['4821', '90357', '271828', '1357', '0192', '123456789102', '1123', '9870']) {
      assert.equal(pinProblem(pin), undefined, pin);
      assert.equal(isValidPin(pin), true, pin);
    }
  });

  test('refuses wrong lengths and non-digits', () => {
    assert.equal(pinProblem(''), 'too-short');
    assert.equal(pinProblem('482'), 'too-short');
    assert.equal(pinProblem('4821482148214'), 'too-long');
    assert.equal(pinProblem('48a1'), 'not-digits');
    assert.equal(pinProblem('48 21'), 'not-digits');
    assert.equal(pinProblem('４８２１'), 'not-digits'); // full-width digits
    assert.equal(pinProblem('-4821'), 'not-digits');
  });

  test('refuses all-same digits', () => {
    for (const pin of ['0000', '1111', '99999', '777777777777']) assert.equal(pinProblem(pin), 'all-same', pin);
  });

  test('refuses straight ascending and descending runs, without wrap-around', () => {
    for (const pin of ['1234', '0123', '6789', '3456789', '4321', '9876', '543210']) {
      assert.equal(pinProblem(pin), 'straight-run', pin);
    }
    for (const pin of ['8901', '2109', '1235', '1243']) assert.equal(pinProblem(pin), undefined, pin);
  });

  test('explains every problem in words', () => {
    for (const problem of ['not-digits', 'too-short', 'too-long', 'all-same', 'straight-run'] as const) {
      assert.match(describePinProblem(problem), /\w+/);
    }
  });
});
