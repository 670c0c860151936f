// The engine helpers that every browser test may branch on (see engine.ts).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { engine, engineOf, fromRealClick, tabInto } from './engine.js';
import { ENGINE_COMMAND } from '../support/sandbox-fixtures.js';

describe('engine helpers', () => {
  it('engine names the engine web-test-runner launched', async () => {
    expect(await executeServerCommand(ENGINE_COMMAND)).to.equal(engine);
  });

  it('engineOf tells the three engines apart by user agent', () => {
    expect(
      engineOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36'),
    ).to.equal('chromium');
    expect(engineOf('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).to.equal('firefox');
    expect(
      engineOf('Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15'),
    ).to.equal('webkit');
  });

  it('fromRealClick runs its callback inside a user gesture', async () => {
    const active = await fromRealClick(() => navigator.userActivation?.isActive ?? true);
    expect(active).to.equal(true);
  });

  it('tabInto gives a keyboard (:focus-visible) focus', async () => {
    const target = document.createElement('button');
    target.textContent = 'target';
    document.body.append(target);
    try {
      await tabInto(target);
      expect(document.activeElement).to.equal(target);
      expect(target.matches(':focus-visible')).to.equal(true);
    } finally {
      target.remove();
    }
  });
});
