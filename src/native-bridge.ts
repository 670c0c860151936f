// Forwards frame callbacks to a native app when the page itself runs in a
// webview, in the issuer's documented shapes. Pure: the window is passed in.
import type { FrameMessage } from './protocol.js';

interface NativeWindow {
  android_handler?: Record<string, unknown>;
  webkit?: { messageHandlers?: { ios_handler?: { postMessage?: unknown } } };
}

/**
 * Android: `android_handler.pin_valid(true)`, `android_handler.view_pin_success()`.
 * iOS: `webkit.messageHandlers.ios_handler.postMessage({event, pin_valid?})`.
 * Returns the bridges reached. A throwing handler is the app's problem, not the page's.
 */
export function forwardToNative(target: unknown, message: FrameMessage): Array<'android' | 'ios'> {
  const win = (target ?? {}) as NativeWindow;
  const reached: Array<'android' | 'ios'> = [];
  const android = win.android_handler;
  const method = android?.[message.event];
  if (android && typeof method === 'function') {
    try {
      if (message.event === 'pin_valid') method.call(android, message.pin_valid);
      else method.call(android);
      reached.push('android');
    } catch {
      /* ignored: see above */
    }
  }
  const ios = win.webkit?.messageHandlers?.ios_handler;
  if (ios && typeof ios.postMessage === 'function') {
    try {
      ios.postMessage(message.event === 'pin_valid' ? { event: message.event, pin_valid: message.pin_valid } : { event: message.event });
      reached.push('ios');
    } catch {
      /* ignored */
    }
  }
  return reached;
}
