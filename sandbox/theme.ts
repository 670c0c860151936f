// Validates a theme sent by the parent page (the element's `--pin-control-*`
// values without the prefix). Only plain colors, font families and font sizes
// get through; any other key or any value that could smuggle in more CSS
// (url(), var(), expressions, `;`, braces, comments) is dropped. DOM-free:
// the frame script applies the result with CSSOM `style.setProperty`.

export type Theme = Partial<Record<ThemeKey, string>>;
export type ThemeKey = (typeof THEME_KEYS)[number];

const COLOR_KEYS = ['color', 'background', 'accent-color', 'error-color'] as const;
const THEME_KEYS = [...COLOR_KEYS, 'font-family', 'font-size'] as const;

const MAX_VALUE_LENGTH = 200;

const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAMED_COLOR = /^[a-z]{3,30}$/i;
const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:%|deg|turn|rad)?`;
const FUNCTION_COLOR = new RegExp(
  String.raw`^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(\s*${NUMBER}(?:\s*[,\s/]\s*${NUMBER}){2,3}\s*\)$`,
  'i',
);
const FONT_SIZE_KEYWORD = /^(?:xx-small|x-small|small|medium|large|x-large|xx-large|smaller|larger)$/i;
const FONT_SIZE_LENGTH = /^(?:\d{1,3}(?:\.\d{1,3})?)(?:px|pt|em|rem|%|ch|ex|vw|vh)$/i;
const FONT_FAMILY_NAME = /^(?:[a-z][a-z0-9 _-]{0,60}|"[a-z0-9 _-]{1,60}"|'[a-z0-9 _-]{1,60}')$/i;

export function isThemeColor(value: string): boolean {
  return HEX_COLOR.test(value) || NAMED_COLOR.test(value) || FUNCTION_COLOR.test(value);
}

export function isThemeFontSize(value: string): boolean {
  return FONT_SIZE_KEYWORD.test(value) || FONT_SIZE_LENGTH.test(value);
}

export function isThemeFontFamily(value: string): boolean {
  const names = value.split(',').map((name) => name.trim());
  return names.length <= 8 && names.every((name) => FONT_FAMILY_NAME.test(name));
}

function isValidThemeValue(key: ThemeKey, value: string): boolean {
  if (key === 'font-family') return isThemeFontFamily(value);
  if (key === 'font-size') return isThemeFontSize(value);
  return isThemeColor(value);
}

/** Keeps the known keys whose values pass; drops everything else silently. */
export function sanitizeTheme(input: unknown): Theme {
  const theme: Theme = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return theme;
  for (const key of THEME_KEYS) {
    if (!Object.hasOwn(input, key)) continue;
    const raw: unknown = (input as Record<string, unknown>)[key];
    if (typeof raw !== 'string' || raw.length > MAX_VALUE_LENGTH) continue;
    const value = raw.trim();
    if (value && isValidThemeValue(key, value)) theme[key] = value;
  }
  return theme;
}

/** The custom property the frame's stylesheet reads for a theme key. */
export function themeProperty(key: ThemeKey): `--pin-control-${ThemeKey}` {
  return `--pin-control-${key}`;
}
