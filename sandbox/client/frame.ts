// The script of the sandbox's PIN page (bundled by esbuild at sandbox start).
// Frame mode: waits for the parent's one operation message, from the parent
// window and an allowed origin only, and answers to that exact origin.
// Webview mode: starts at once and calls the native app's handlers.
import { CONFIG_ELEMENT_ID, type PageConfig } from '../page-html.js';
import { isFromAllowedParent, parseParentMessage, type Operation, type PageEvent } from './messages.js';
import { notifyNative } from './native-bridge.js';
import { PageView } from './page-view.js';
import { PinFlow } from './pin-flow.js';

function readConfig(): PageConfig | undefined {
  try {
    const config = JSON.parse(document.getElementById(CONFIG_ELEMENT_ID)?.textContent ?? 'null') as PageConfig | null;
    return config ?? undefined;
  } catch {
    return undefined;
  }
}

function runInFrame(view: PageView, allowedOrigins: readonly string[]): void {
  let parentOrigin: string | undefined;
  let flow: PinFlow | undefined;
  view.setState('waiting');
  view.showStatus('Waiting for the page…');

  window.addEventListener('message', (event: MessageEvent) => {
    if (!isFromAllowedParent(event, window.parent === window ? null : window.parent, allowedOrigins)) return;
    const message = parseParentMessage(event.data);
    if (!message) return;
    if (message.kind === 'theme') {
      view.applyTheme(message.theme);
      return;
    }
    if (message.kind === 'set_pin') {
      if (flow && event.origin === parentOrigin) void flow.submit();
      return;
    }
    if (flow) return; // one operation per frame
    parentOrigin = event.origin;
    const target = parentOrigin;
    if (message.theme) view.applyTheme(message.theme);
    flow = new PinFlow(view, (pageEvent: PageEvent) => window.parent.postMessage(pageEvent, target));
    void flow.start(message.operation, message.controlId);
  });
}

function runInWebview(view: PageView, operation: Operation | null, controlId: string): void {
  const flow = new PinFlow(view, (pageEvent: PageEvent) => notifyNative(window, pageEvent));
  // The native app's way to submit, as the issuer documents it.
  Object.defineProperty(window, 'set_pin', { value: () => void flow.submit(), configurable: false, writable: false });
  if (!operation || !controlId) {
    flow.fail(operation, 'This link is not valid or has expired. Please start again.');
    return;
  }
  void flow.start(operation, controlId);
}

const config = readConfig();
const view = new PageView(document);
if (config?.mode === 'frame') runInFrame(view, config.allowedOrigins);
else if (config?.mode === 'webview') runInWebview(view, config.operation, config.controlId);
else view.showStatus('This page is misconfigured.', 'error');
