// The in-process benchmarks (bench 3 and 6) refuse to time the token helper
// once a Hono server made in the same process has swapped the global Request
// and Response: the figure would be twice the CPU and say nothing of the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getRequestListener } from '@hono/node-server';
import { assertNodeFetchClasses } from '../../../bench/node-globals.js';

test("the bench's guard passes on Node's own classes and stops once @hono/node-server has replaced them", () => {
  const { Request, Response } = globalThis;
  assert.doesNotThrow(() => assertNodeFetchClasses('token bench'));
  getRequestListener(() => new Response('ok'));
  try {
    assert.notEqual(globalThis.Response, Response, "the listener swaps the globals (if not, this test no longer shows the guard's reason)");
    assert.throws(() => assertNodeFetchClasses('token bench'), /token bench: the global Request or Response is no longer Node's own/);
  } finally {
    Object.defineProperty(globalThis, 'Request', { value: Request });
    Object.defineProperty(globalThis, 'Response', { value: Response });
  }
  assert.doesNotThrow(() => assertNodeFetchClasses('token bench'));
});
