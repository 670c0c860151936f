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
 * Returns the bridges reached. Never throws: every read is inside a `try`,
 * because a throwing handler is the app's problem, not the page's, and the
 * names can be clobbered (an `<iframe name="webkit">` from another origin
 * makes `window.webkit` a cross-origin window whose properties throw a
 * SecurityError when read).
 */
export function forwardToNative(target: unknown, message: FrameMessage): Array<'android' | 'ios'> {
  const win = (target ?? {}) as NativeWindow;
  const reached: Array<'android' | 'ios'> = [];
  const args = message.event === 'pin_valid' ? [message.pin_valid] : [];
  try {
    const android = win.android_handler;
    const method = android?.[message.event];
    if (typeof method === 'function') {
      method.apply(android, args);
      reached.push('android');
    }
  } catch {
    /* ignored: see above */
  }
  try {
    const ios = win.webkit?.messageHandlers?.ios_handler;
    if (ios && typeof ios.postMessage === 'function') {
      ios.postMessage.call(
        ios,
        message.event === 'pin_valid' ? { event: message.event, pin_valid: message.pin_valid } : { event: message.event },
      );
      reached.push('ios');
    }
  } catch {
    /* ignored */
  }
  return reached;
}
