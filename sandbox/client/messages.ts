// The messages crossing the frame boundary, checked by shape. DOM-free, so
// node's tests cover it; the frame script drops anything this rejects.
import { originAllowed } from '../frame-origins.js';
import { sanitizeTheme, type Theme } from '../theme.js';

export type Operation = 'view-pin' | 'set-pin';

export type ParentMessage =
  { kind: 'operation'; operation: Operation; controlId: string; theme?: Theme } | { kind: 'set_pin' } | { kind: 'theme'; theme: Theme };

export type PageEventName = 'view_pin_success' | 'view_pin_error' | 'set_pin_success' | 'set_pin_error' | 'set_pin_validation_error';

/** What the page reports: the iOS shape, as the issuer documents it. */
export type PageEvent = { event: PageEventName } | { event: 'pin_valid'; pin_valid: boolean };

/** Loose on purpose (the issuer's ids are opaque), but never markup or a huge string. */
const CONTROL_ID = /^[A-Za-z0-9_-]{1,256}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parent's message in a known shape, or `undefined`. Never throws. */
export function parseParentMessage(data: unknown): ParentMessage | undefined {
  if (!isRecord(data)) return undefined;
  try {
    if ('operation' in data) {
      const { operation, controlId } = data;
      if (operation !== 'view-pin' && operation !== 'set-pin') return undefined;
      if (typeof controlId !== 'string' || !CONTROL_ID.test(controlId)) return undefined;
      return 'theme' in data
        ? { kind: 'operation', operation, controlId, theme: sanitizeTheme(data.theme) }
        : { kind: 'operation', operation, controlId };
    }
    if (data.event === 'set_pin') return { kind: 'set_pin' };
    if (data.event === 'theme') return { kind: 'theme', theme: sanitizeTheme(data.theme) };
  } catch {
    // A getter that throws, a revoked proxy…: not a message we know.
  }
  return undefined;
}

/**
 * Only the window that framed us, and only from an origin its client key
 * allows (exactly, or by host on any port for a `http://localhost:*` source).
 * The browser sets `event.origin`, so the frame answers that exact origin.
 */
export function isFromAllowedParent(
  event: { origin: string; source: unknown },
  parent: unknown,
  allowedOrigins: readonly string[],
): boolean {
  return event.source === parent && parent !== null && originAllowed(event.origin, allowedOrigins);
}
