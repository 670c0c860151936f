import { expect } from '@open-wc/testing';
import { SANDBOX_ORIGIN } from '../support/env.js';

describe('smoke', () => {
  it('runs in a browser', () => {
    expect(typeof window).to.equal('object');
    expect(SANDBOX_ORIGIN).to.match(/^http:/);
  });
});
