// web-test-runner plugin: starts the real servers the browser tests talk to.
// (Filled in by the sandbox work.)
import type { Plugin } from '@web/dev-server-core';
export { TEST_HOST_PORT } from './env.js';

export function testServersPlugin(): Plugin {
  return { name: 'pin-control-test-servers' };
}
