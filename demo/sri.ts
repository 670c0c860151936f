// Subresource Integrity for the built page, DOM-free: finds the scripts and
// stylesheets an HTML file loads, adds `integrity="sha384-…"` and
// `crossorigin`, and refuses HTML with inline code (the CSP would block it).
import { createHash } from 'node:crypto';

export function sha384(bytes: Uint8Array | string): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

export interface Subresource {
  kind: 'script' | 'stylesheet' | 'modulepreload';
  /** The URL as written in the HTML, e.g. `/assets/index-abc.js`. */
  url: string;
}

// Vite writes these tags itself, one per line, attributes double-quoted.
const TAG = /<(script|link)\b([^>]*)>/gi;
const ATTRIBUTE = /([a-z-]+)(?:="([^"]*)")?/gi;

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, value] of source.matchAll(ATTRIBUTE)) attributes.set(name!.toLowerCase(), value ?? '');
  return attributes;
}

function subresourceOf(tag: string, attributes: Map<string, string>): Subresource | undefined {
  if (tag === 'script') {
    const src = attributes.get('src');
    return src ? { kind: 'script', url: src } : undefined;
  }
  const rel = attributes.get('rel');
  const href = attributes.get('href');
  if (!href) return undefined;
  if (rel === 'stylesheet') return { kind: 'stylesheet', url: href };
  if (rel === 'modulepreload') return { kind: 'modulepreload', url: href };
  return undefined;
}

/** The scripts and stylesheets `html` loads, in order. */
export function subresources(html: string): Subresource[] {
  const found: Subresource[] = [];
  for (const [, tag, source] of html.matchAll(TAG)) {
    const resource = subresourceOf(tag!.toLowerCase(), attributesOf(source!));
    if (resource) found.push(resource);
  }
  return found;
}

/** What would run inline and so break under the CSP: reasons, empty when clean. */
export function inlineCodeProblems(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = attributesOf(match[1]!);
    if (!attributes.has('src') || match[2]!.trim() !== '') problems.push('an inline <script>');
  }
  if (/<style\b/i.test(html)) problems.push('an inline <style>');
  if (/\sstyle="/i.test(html)) problems.push('a style="" attribute');
  if (/\son[a-z]+="/i.test(html)) problems.push('an inline event handler');
  return problems;
}

/**
 * Adds `integrity` (from `hashOf(url)`) and `crossorigin` to every script and
 * stylesheet tag. Throws when a hash is missing: an unhashed script must not ship.
 */
export function addIntegrity(html: string, hashOf: (url: string) => string | undefined): string {
  return html.replace(TAG, (whole, tag: string, source: string) => {
    const attributes = attributesOf(source);
    const resource = subresourceOf(tag.toLowerCase(), attributes);
    if (!resource) return whole;
    const integrity = hashOf(resource.url);
    if (!integrity) throw new Error(`No integrity hash for ${resource.url}`);
    let rest = source.replace(/\s+integrity="[^"]*"/i, '');
    if (!attributes.has('crossorigin')) rest += ' crossorigin';
    const selfClosing = rest.trimEnd().endsWith('/');
    const body = selfClosing ? rest.trimEnd().slice(0, -1).trimEnd() : rest;
    return `<${tag}${body} integrity="${integrity}"${selfClosing ? ' /' : ''}>`;
  });
}
