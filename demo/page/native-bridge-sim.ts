// Webview mode: stands in for a native app around the page. Android apps
// inject a JavaScript interface (`window.android_handler`), iOS apps a
// message handler (`window.webkit.messageHandlers.ios_handler`); with the
// `native-bridge` attribute the element forwards every frame callback to
// both. Here they only write to the event log.
import { CALLBACKS } from '../../src/protocol.js';
import type { EventLog } from './event-log.js';

interface BridgeWindow {
  android_handler?: Record<string, (value?: boolean) => void>;
  webkit?: { messageHandlers: { ios_handler: { postMessage(message: unknown): void } } };
}

function describe(message: unknown): { event: string; detail?: string } {
  const { event, pin_valid: valid } = (message ?? {}) as { event?: unknown; pin_valid?: unknown };
  const name = typeof event === 'string' ? event : 'unknown message';
  return typeof valid === 'boolean' ? { event: name, detail: `pin_valid: ${valid}` } : { event: name };
}

export function installNativeBridges(log: EventLog): void {
  const target = window as unknown as BridgeWindow;
  const android: Record<string, (value?: boolean) => void> = {};
  for (const callback of CALLBACKS) {
    android[callback] = (value?: boolean) => log.add('android', `${callback}(${typeof value === 'boolean' ? String(value) : ''})`);
  }
  target.android_handler = android;
  target.webkit = {
    messageHandlers: {
      ios_handler: {
        postMessage(message: unknown) {
          const { event, detail } = describe(message);
          log.add('ios', `postMessage({event: "${event}"})`, detail);
        },
      },
    },
  };
}

export function removeNativeBridges(): void {
  const target = window as unknown as BridgeWindow;
  delete target.android_handler;
  delete target.webkit;
}
