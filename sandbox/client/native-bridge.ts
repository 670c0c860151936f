// Calls back into a native app hosting the webview page: Android's
// `android_handler` JavaScript interface and iOS's `ios_handler` message
// handler, whichever exists. DOM-free: takes the global object as a parameter.
import type { PageEvent } from './messages.js';

type Callable = (...args: unknown[]) => unknown;

function methodOf(target: unknown, name: string): Callable | undefined {
  if (typeof target !== 'object' && typeof target !== 'function') return undefined;
  if (target === null) return undefined;
  const method = (target as Record<string, unknown>)[name];
  return typeof method === 'function' ? (method as Callable) : undefined;
}

/** Reports `message` to every native handler present; a throwing handler does not stop the others. */
export function notifyNative(host: unknown, message: PageEvent): void {
  const android = (host as { android_handler?: unknown } | null)?.android_handler;
  const androidCallback = methodOf(android, message.event);
  if (androidCallback) {
    try {
      if (message.event === 'pin_valid') androidCallback.call(android, message.pin_valid);
      else androidCallback.call(android);
    } catch {
      // The app's problem; the iOS handler still hears about it.
    }
  }
  const ios = (host as { webkit?: { messageHandlers?: { ios_handler?: unknown } } } | null)?.webkit?.messageHandlers?.ios_handler;
  const post = methodOf(ios, 'postMessage');
  if (post) {
    try {
      post.call(ios, { ...message });
    } catch {
      // Nothing more to do.
    }
  }
}
