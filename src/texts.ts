// The element's own texts in en, fi and sv, with integrator overrides.
// Pure and DOM-free.
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
    "The secure PIN view did not respond. For the site owner: check that this page's origin is registered with the issuer for the frame key, that frame-key is set and right, and that the network does not block the frame.",
  'frame-origin-refused': 'The secure PIN view comes from an address that is not allowed.',
  'frame-load-timeout': 'The secure PIN view did not load.',
  'token-expired': 'The session expired.',
  'retries-exhausted': 'This did not work, even after trying again.',
};

const fi: Texts = {
  frameTitleView: 'Kortin PIN-koodi',
  frameTitleSet: 'Valitse kortin PIN-koodi',
  loading: 'Ladataan suojattua PIN-näkymää…',
  readyView: 'Odotetaan suojattua PIN-näkymää…',
  readySet: 'Kirjoita uusi PIN-koodi suojattuun kehykseen, kun se pyytää sitä.',
  successView: 'PIN-koodi näytetty.',
  successSet: 'Uusi PIN-koodisi on asetettu.',
  viewError: 'PIN-koodia ei voitu näyttää.',
  retry: 'Yritä uudelleen',
  'token-request-failed': 'PIN-palveluun ei saatu yhteyttä.',
  'token-response-invalid': 'PIN-palvelu vastasi odottamattomasti.',
  'token-timeout': 'PIN-palvelu ei vastannut ajoissa.',
  'frame-unresponsive':
    'Suojattu PIN-näkymä ei vastannut. Sivuston ylläpitäjälle: tarkista, että tämän sivun origin on rekisteröity kortin myöntäjälle kehysavaimelle, että frame-key on annettu ja oikein ja ettei verkko estä kehystä.',
  'frame-origin-refused': 'Suojattu PIN-näkymä tulee osoitteesta, jota ei ole sallittu.',
  'frame-load-timeout': 'Suojattu PIN-näkymä ei latautunut.',
  'token-expired': 'Istunto vanheni.',
  'retries-exhausted': 'Tämä ei onnistunut uusista yrityksistä huolimatta.',
};

const sv: Texts = {
  frameTitleView: 'Kortets PIN-kod',
  frameTitleSet: 'Välj kortets PIN-kod',
  loading: 'Den säkra PIN-vyn laddas…',
  readyView: 'Väntar på den säkra PIN-vyn…',
  readySet: 'Skriv din nya PIN-kod i den säkra ramen när den ber om den.',
  successView: 'PIN-koden visades.',
  successSet: 'Din nya PIN-kod har ställts in.',
  viewError: 'PIN-koden kunde inte visas.',
  retry: 'Försök igen',
  'token-request-failed': 'PIN-tjänsten kunde inte nås.',
  'token-response-invalid': 'PIN-tjänsten gav ett oväntat svar.',
  'token-timeout': 'PIN-tjänsten svarade inte i tid.',
  'frame-unresponsive':
    'Den säkra PIN-vyn svarade inte. Till webbplatsens ägare: kontrollera att sidans origin är registrerat hos kortutgivaren för ramnyckeln, att frame-key är angivet och rätt och att nätverket inte blockerar ramen.',
  'frame-origin-refused': 'Den säkra PIN-vyn kommer från en adress som inte är tillåten.',
  'frame-load-timeout': 'Den säkra PIN-vyn laddades inte.',
  'token-expired': 'Sessionen gick ut.',
  'retries-exhausted': 'Det lyckades inte, inte ens efter nya försök.',
};

export const TEXTS: Record<Language, Texts> = { en, fi, sv };

/**
 * The language of the element's texts: the nearest non-empty `lang` (the
 * element's own first, then its ancestors', nearest first) decides; a language
 * without texts here falls back to `en`. `fi-FI` counts as `fi`.
 */
export function resolveLanguage(langs: Iterable<string | null | undefined>): Language {
  for (const lang of langs) {
    const tag = lang?.trim().toLowerCase();
    if (!tag) continue;
    const primary = tag.split('-')[0] as Language;
    return LANGUAGES.includes(primary) ? primary : 'en';
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
  const result: Texts = { ...TEXTS[language] };
  if (!messages || typeof messages !== 'object') return result;
  for (const source of [messages, messages[language]]) {
    if (!source || typeof source !== 'object') continue;
    for (const key of Object.keys(en) as TextKey[]) {
      const value = (source as Partial<Texts>)[key];
      if (typeof value === 'string') result[key] = value;
    }
  }
  return result;
}

/** True when a text holds markup (and so must go through DOMPurify). */
export const hasMarkup = (text: string) => /[<&]/.test(text);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };

/** The words of a text with markup, tags dropped: shown when DOMPurify cannot be loaded. */
export const plainText = (markup: string) =>
  markup.replace(/<[^>]*>?/g, '').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
