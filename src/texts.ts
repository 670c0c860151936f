// The element's own texts, with integrator overrides. English is built in;
// fi and sv are opt-in modules (src/lang/) that register themselves, so a
// page that needs neither does not download them. Pure and DOM-free.
import type { ErrorCode, TokenFailureReason } from './events.js';

export const LANGUAGES = ['en', 'fi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Texts {
  frameTitleView: string;
  frameTitleSet: string;
  loading: string;
  readyView: string;
  readySet: string;
  successView: string;
  successSet: string;
  viewError: string;
  retry: string;
  'token-request-failed': string;
  'token-response-invalid': string;
  'token-timeout': string;
  /** View mode: the frame never answered the hand-over. Names the likely causes, for the integrator. */
  'frame-unresponsive': string;
  'frame-origin-refused': string;
  'frame-load-timeout': string;
  'token-expired': string;
  'retries-exhausted': string;
  // Why a token request failed (detail.reason): shown instead of the code's text.
  unauthorized: string;
  forbidden: string;
  conflict: string;
  'rate-limited': string;
  unavailable: string;
  network: string;
  timeout: string;
  'invalid-response': string;
  /** Before a retry may be tried; `{time}` becomes a localized duration ("30 seconds"). */
  retryWait: string;
  /** Once the wait is over. */
  retryReady: string;
  /** Set mode, after a retry for an expired id or a refused stale submit: what the user typed is gone. */
  expiredNotice: string;
  /** The accessible name of the notice's close button. */
  closeNotice: string;
}
export type TextKey = keyof Texts;
/** Overrides, per key (any language), or per language and key. May hold a few safe tags. */
export type Messages = Partial<Texts> & Partial<Record<Language, Partial<Texts>>>;

const en: Texts = {
  frameTitleView: 'Card PIN',
  frameTitleSet: 'Choose a card PIN',
  loading: 'Loading the secure PIN view…',
  readyView: 'Waiting for the secure PIN view…',
  readySet: 'Type your new PIN in the secure frame when it asks for it.',
  successView: 'PIN shown.',
  successSet: 'Your new PIN has been set.',
  viewError: 'The PIN could not be shown.',
  retry: 'Try again',
  'token-request-failed': 'The PIN service could not be reached.',
  'token-response-invalid': 'The PIN service gave an unexpected answer.',
  'token-timeout': 'The PIN service took too long to answer.',
  'frame-unresponsive':
    "The secure PIN view did not respond. Site owner: check that this page's origin is registered for the key, that frame-key is right and that nothing blocks the frame.",
  'frame-origin-refused': 'The secure PIN view comes from an address that is not allowed.',
  'frame-load-timeout': 'The secure PIN view did not load.',
  'token-expired': 'The session expired.',
  'retries-exhausted': 'This did not work, even after trying again.',
  unauthorized: 'You are no longer signed in. Sign in again to continue.',
  forbidden: 'The PIN service did not accept the request from this page. Reload the page; if that does not help, contact customer service.',
  conflict: "This card's PIN cannot be shown or set at this stage. Contact your card issuer if you need help.",
  'rate-limited': 'Too many attempts in a short time.',
  unavailable: 'The PIN service is not available right now.',
  network: 'No connection to the PIN service. Check your internet connection.',
  timeout: 'The PIN service took too long to answer.',
  'invalid-response': 'The PIN service gave an unexpected answer.',
  retryWait: 'Wait {time}, then try again.',
  retryReady: 'You can try again now.',
  expiredNotice: 'The secure session timed out. Type your new PIN again.',
  closeNotice: 'Close the notice',
};

/**
 * The texts of each language at hand: English built in, Finnish and Swedish
 * once their modules (`pin-control/lang/fi`, `pin-control/lang/sv`) have run.
 */
export const TEXTS: Partial<Record<Language, Texts>> & { en: Texts } = { en };

let registered: (() => void) | undefined;

/** Called after a language's texts arrive (the element re-renders what is on the page). */
export const onTextsRegistered = (listener: () => void) => (registered = listener);

/** Adds a language's texts (the language modules call this). */
export function registerTexts(language: Language, texts: Texts): void {
  TEXTS[language] = texts;
  registered?.();
}

/**
 * The language of the element's texts: the nearest non-empty `lang` (the
 * element's own first, then its ancestors', nearest first) decides; a language
 * without texts here (not registered, see registerTexts) falls back to `en`. `fi-FI` counts as `fi`.
 */
export function resolveLanguage(langs: Iterable<string | null | undefined>): Language {
  for (const lang of langs) {
    const tag = lang?.trim().toLowerCase();
    if (!tag) continue;
    const primary = tag.split('-')[0] as Language;
    return Object.hasOwn(TEXTS, primary) ? primary : 'en';
  }
  return 'en';
}

/** The little of a DOM node languageOf() reads. */
interface LangNode {
  nodeType: number;
  parentNode: LangNode | null;
  host?: LangNode;
  getAttribute?(name: string): string | null;
  lang?: string;
}

/**
 * The language of an element's texts (see resolveLanguage): its own `lang` read
 * as a property (render() runs before the attribute reflects), then each
 * ancestor's attribute, across shadow roots.
 */
export function languageOf(element: LangNode): Language {
  const langs: Array<string | null | undefined> = [element.lang];
  for (let node = element.parentNode ?? null; node; node = node.parentNode ?? node.host ?? null) {
    if (node.nodeType === 1) langs.push(node.getAttribute?.('lang'));
  }
  return resolveLanguage(langs);
}

/** The texts for a language with overrides applied: language-specific ones win over general ones. */
export function textsFor(language: Language, messages?: Messages | null): Texts {
  const result: Texts = { ...(TEXTS[language] ?? en) };
  for (const key of Object.keys(en) as TextKey[]) result[key] = overrideFor(language, messages, key) ?? result[key];
  return result;
}

/** What a `pin-control-error` says: its code, and for a token failure its reason. */
export interface ErrorTextInput {
  code: ErrorCode;
  reason?: TokenFailureReason | undefined;
}

/**
 * The sentence for an error. A token failure says its reason; an override for
 * the reason wins, then one for the code (so an override written for
 * `token-request-failed` still applies to each of its reasons), then the
 * built-in reason sentence.
 */
export function errorText(language: Language, messages: Messages | null | undefined, { code, reason }: ErrorTextInput): string {
  const own = (key: TextKey) => overrideFor(language, messages, key);
  return (reason && own(reason)) ?? own(code) ?? (TEXTS[language] ?? en)[reason ?? code];
}

/** An override for `key` (a string): the language's own first, then a general one. */
function overrideFor(language: Language, messages: Messages | null | undefined, key: TextKey): string | undefined {
  if (!messages || typeof messages !== 'object') return undefined;
  for (const value of [messages[language]?.[key], (messages as Partial<Texts>)[key]]) {
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * A wait in the language's own words, e.g. "30 seconds", "30 sekuntia",
 * "30 sekunder"; whole minutes (rounded up) from 90 seconds on.
 */
export function formatWait(language: Language, seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const [value, unit] = whole >= 90 ? [Math.ceil(whole / 60), 'minute'] : [whole, 'second'];
  try {
    return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  } catch {
    return `${value} ${unit === 'minute' ? 'min' : 's'}`;
  }
}

/** `retryWait` with its `{time}` filled in (an override without `{time}` is used as is). */
export function retryWaitText(language: Language, texts: Texts, seconds: number): string {
  return texts.retryWait.replaceAll('{time}', formatWait(language, seconds));
}

/** True when a text holds markup (and so must go through DOMPurify). */
export const hasMarkup = (text: string) => /[<&]/.test(text);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };

/** The words of a text with markup, tags dropped: shown when DOMPurify cannot be loaded. */
export const plainText = (markup: string) =>
  markup.replace(/<[^>]*>?/g, '').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');

/**
 * What the live region says. `ready` only says what is known: in view mode the
 * element still waits for the frame to answer (the PIN is "shown" only after
 * view-pin-success); in set mode the frame is silent until the user types.
 * `error`: the sentence on show, and once for a whole wait before a retry.
 */
export function statusText(
  texts: Texts,
  state: string,
  set: boolean,
  sentence: string,
  error: { waitTotal?: number | undefined; waitLeft: number } | undefined,
  language: Language,
): string {
  switch (state) {
    case 'loading':
      return texts.loading;
    case 'ready':
      return set ? texts.readySet : texts.readyView;
    case 'success':
      return set ? texts.successSet : texts.successView;
    case 'error':
      if (!error?.waitTotal) return sentence;
      // Said once for the whole wait (not every second), and once when it is over.
      return `${sentence} ${error.waitLeft ? retryWaitText(language, texts, error.waitTotal) : texts.retryReady}`;
    default:
      return '';
  }
}
