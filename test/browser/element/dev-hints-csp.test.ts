// The development build's hint for a PIN frame that this page's own
// Content-Security-Policy blocks: said when the browser reports it, not after
// the frame's timeouts. A file of its own: a policy cannot be taken back.
import './dev-mode-on.js';
import { expect, fixture, waitUntil } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import { SANDBOX_ORIGIN } from '../../support/env.js';
import { sandboxTemplate } from './helpers.js';

describe("pin-control development hints: this page's CSP", () => {
  it('names the blocked frame origin and the directive to change', async () => {
    const lines: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => lines.push(args.filter((arg) => typeof arg === 'string').join(' '));
    try {
      const policy = Object.assign(document.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: "frame-src 'self'" });
      document.head.append(policy);
      const el = await fixture<PinControl>(sandboxTemplate('view'));
      await waitUntil(() => lines.some((line) => line.includes('Content-Security-Policy')), 'no CSP hint', { timeout: 10_000 });
      expect(lines.find((line) => line.includes('Content-Security-Policy'))).to.contain(
        `blocks the PIN frame from ${SANDBOX_ORIGIN}: add ${SANDBOX_ORIGIN} to frame-src`,
      );
      expect(el.state, 'said while the element still waits for the frame').not.to.equal('error');
    } finally {
      console.warn = warn;
    }
  });
});
