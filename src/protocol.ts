// The wire formats: the integrator's token endpoint and the messages that cross
// the frame boundary. Pure and DOM-free; validated with zod/mini (small bundle).
import * as z from 'zod/mini';
import type { Scope } from './scope.js';

/** Token responses larger than this are refused unread. */
export const MAX_TOKEN_RESPONSE_BYTES = 8 * 1024;

export type Mode = 'view' | 'set';
/** The scope is the issuer's (src/scope.ts); the element asks for one per mode. */
export type { Scope };
export const scopeFor = (mode: Mode): Scope => (mode === 'set' ? 'SET_PIN' : 'VIEW_PIN');

// Unknown keys are stripped here: the integrator's server may pass `pinURL` or more.
const sizedString = (max: number) => z.string().check(z.refine((value) => value.length > 0 && value.length <= max));
export const tokenResponseSchema = z.object({
  id: sizedString(512),
  pinFrameURL: sizedString(2048),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export function parseTokenResponse(data: unknown): TokenResponse | undefined {
  const result = tokenResponseSchema.safeParse(data);
  return result.success ? { id: result.data.id, pinFrameURL: result.data.pinFrameURL } : undefined;
}

/** The callbacks that carry nothing but their name. */
const BARE_CALLBACKS = ['view_pin_success', 'view_pin_error', 'set_pin_success', 'set_pin_error', 'set_pin_validation_error'] as const;
export const CALLBACKS = [...BARE_CALLBACKS, 'pin_valid'] as const;
export type Callback = (typeof CALLBACKS)[number];

// Strict objects: a message with any extra key (say, something PIN-like) is
// refused whole rather than trimmed and trusted. Two schemas picked by the
// event's name, rather than a discriminated union: the same checks, a smaller
// bundle. Every fixed value is a `z.literal` (the event names, and `true` or
// `false`): one schema kind instead of enum and boolean, 181 B less gzip.
const bareMessageSchema = z.strictObject({
  event: z.literal(BARE_CALLBACKS),
});
const pinValidMessageSchema = z.strictObject({ event: z.literal('pin_valid'), pin_valid: z.literal([true, false]) });
export type FrameMessage = z.infer<typeof bareMessageSchema> | z.infer<typeof pinValidMessageSchema>;

/** A frame→parent message, or undefined for anything that is not exactly one. Never throws. */
export function parseFrameMessage(data: unknown): FrameMessage | undefined {
  try {
    // Structured clone yields plain objects; anything else is not a message.
    if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
    const schema = (data as { event?: unknown }).event === 'pin_valid' ? pinValidMessageSchema : bareMessageSchema;
    const result = schema.safeParse(data);
    return result.success ? result.data : undefined;
  } catch {
    return undefined; // e.g. a throwing getter: dropped like any other bad message
  }
}

/** `view_pin_success` as `view-pin-success`: underscores become dashes. */
type Dashed<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${Dashed<Tail>}` : S;

/** The DOM event each callback becomes: its name with dashes (`pin_valid` is `pin-valid`). */
export const eventName = <C extends Callback>(callback: C) => callback.replaceAll('_', '-') as Dashed<C>;

/** The `--pin-control-*` values the frame accepts as a theme (names without the prefix). */
export const THEME_KEYS = ['color', 'background', 'accent-color', 'error-color', 'font-family', 'font-size'] as const;
export type ThemeKey = (typeof THEME_KEYS)[number];
export type Theme = Partial<Record<ThemeKey, string>>;

/** Builds a theme from a property reader (e.g. a computed style); empty values are left out. */
export function readTheme(read: (property: string) => string): Theme | undefined {
  const theme: Theme = {};
  for (const key of THEME_KEYS) {
    const value = read(`--pin-control-${key}`).trim();
    if (value && value.length <= 200) theme[key] = value;
  }
  return Object.keys(theme).length ? theme : undefined;
}

export interface OperationMessage {
  operation: 'view-pin' | 'set-pin';
  controlId: string;
  theme?: Theme;
}

export function operationMessage(mode: Mode, controlId: string, theme?: Theme): OperationMessage {
  const message: OperationMessage = { operation: mode === 'set' ? 'set-pin' : 'view-pin', controlId };
  if (theme) message.theme = theme;
  return message;
}

export const setPinMessage = () => ({ event: 'set_pin' }) as const;
export const themeMessage = (theme: Theme) => ({ event: 'theme', theme }) as const;
