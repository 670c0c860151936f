import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ORIGIN } from '../support/env.js';
test('node runs TypeScript', () => assert.match(SANDBOX_ORIGIN, /^http:/));
