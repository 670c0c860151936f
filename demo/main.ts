// The demo host page: a signed-in cardholder views and sets card PINs with
// <pin-control>. Everything here is built with createElement/textContent:
// the page runs under `require-trusted-types-for 'script'`.
import '../src/define.js';
import './styles.css';
import { ApiError, loadSession, reportPinSet, selectCard, type PublicCard } from './page/api.js';
import { CardList } from './page/cards.js';
import { startCspPanel } from './page/csp-panel.js';
import { byId } from './page/dom.js';
import { EventLog } from './page/event-log.js';
import { installNativeBridges, removeNativeBridges } from './page/native-bridge-sim.js';
import { PinPanel, type Mode } from './page/pin-panel.js';
import { DEFAULT_THEME, startThemingPanel, type Theme } from './page/theming.js';

// First, so a violation during start-up is listed too.
startCspPanel({
  list: byId<HTMLUListElement>('csp-violations'),
  region: byId('csp-violations-region'),
  empty: byId('csp-empty'),
  count: byId('csp-count'),
  policy: byId('csp-policy'),
  probe: byId<HTMLButtonElement>('csp-probe'),
});

const log = new EventLog(byId<HTMLOListElement>('event-log'), byId('event-log-empty'), byId('event-log-region'));
byId('event-log-clear').addEventListener('click', () => log.clear());

const webviewToggle = byId<HTMLInputElement>('webview-mode');
let theme: Theme = { ...DEFAULT_THEME };

async function main(): Promise<void> {
  const session = await loadSession();
  byId('cardholder-name').textContent = session.cardholder.name;

  const panel = new PinPanel(
    {
      heading: byId('pin-heading'),
      intro: byId('pin-intro'),
      host: byId('pin-host'),
      actions: byId('pin-actions'),
      submit: byId<HTMLButtonElement>('set-pin-submit'),
      submitHint: byId('set-pin-hint'),
      close: byId<HTMLButtonElement>('pin-close'),
      notice: byId('pin-notice'),
      outcome: byId('pin-outcome'),
    },
    {
      log,
      config: session.pinControl,
      theme: () => theme,
      webview: () => webviewToggle.checked,
      onSetPinSuccess: (card) => {
        cards.markPinSet(card);
        reportPinSet().catch(() => log.add('page', 'the server did not record the new PIN', 'a reload offers Set PIN again'));
      },
      // Signed out elsewhere (another tab, an expired session): the header stops naming her.
      onSignedOut: () => (byId('user-status').textContent = 'Signed out'),
    },
  );

  // Later clicks win: a slow card switch must not open the wrong card.
  let latest = 0;
  const open = async (card: PublicCard, mode: Mode) => {
    const request = ++latest;
    try {
      await selectCard(card.id);
    } catch (error) {
      const signedOut = error instanceof ApiError && error.status === 401;
      log.add('page', 'card switch failed', signedOut ? 'signed out' : undefined);
      if (request === latest) panel.cardFailed(signedOut);
      return;
    }
    if (request === latest) panel.open(card, mode);
  };
  const cards = new CardList(byId<HTMLUListElement>('card-list'), session.cardholder.name, (card, mode) => void open(card, mode));
  cards.render(session.cards);

  startThemingPanel(byId<HTMLFormElement>('theme-form'), byId('theme-presets'), (next) => {
    theme = next;
    panel.applyTheme(theme);
  });

  webviewToggle.addEventListener('change', () => {
    if (webviewToggle.checked) installNativeBridges(log);
    else removeNativeBridges();
    document.body.classList.toggle('webview', webviewToggle.checked);
    log.add('page', webviewToggle.checked ? 'webview mode on' : 'webview mode off');
    panel.reopen();
  });

  document.body.dataset.ready = 'true';
}

main().catch(() => {
  byId('load-error').hidden = false;
});
