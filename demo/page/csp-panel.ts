// Lists every CSP or Trusted Types violation this document sees
// (`securitypolicyviolation`), so a broken policy shows on the page, not only
// in the console. Also shows the policy itself, read back from the server.
import { currentPolicy } from './api.js';
import { clock, h } from './dom.js';

export interface CspPanelElements {
  list: HTMLUListElement;
  /** The list's scrollable, keyboard-reachable region: shown with the first violation. */
  region: HTMLElement;
  empty: HTMLElement;
  count: HTMLElement;
  policy: HTMLElement;
  probe: HTMLButtonElement;
}

export function startCspPanel({ list, region, empty, count, policy, probe }: CspPanelElements): void {
  let seen = 0;
  document.addEventListener('securitypolicyviolation', (event) => {
    seen += 1;
    count.textContent = String(seen);
    empty.hidden = true;
    region.hidden = false;
    const where = event.sourceFile ? `${new URL(event.sourceFile, location.href).pathname}:${event.lineNumber}` : 'unknown source';
    list.prepend(
      h(
        'li',
        { class: 'violation' },
        h('time', { class: 'log-time', text: clock() }),
        h('strong', { text: event.effectiveDirective }),
        h('span', { text: ` blocked ${event.blockedURI || 'inline'} (${where})` }),
      ),
    );
  });

  // A deliberate, harmless violation: an inline <style> the policy must block.
  probe.addEventListener('click', () => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 4px solid red; }';
    document.head.append(style);
    style.remove();
  });

  currentPolicy().then(
    (text) => {
      policy.replaceChildren(...(text ?? 'No policy header.').split(/;\s*/).map((directive) => h('li', { text: directive })));
    },
    () => policy.replaceChildren(h('li', { text: 'Could not read the policy.' })),
  );
}
