// The frame page's static assets: its script, bundled from TypeScript with
// esbuild once per process and then served from memory, and its stylesheets
// from sandbox/styles/.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { STYLESHEET_NAME_PATTERN } from './seed.js';

const SCRIPT_ENTRY = fileURLToPath(new URL('./client/frame.ts', import.meta.url));
const STYLES_DIR = new URL('./styles/', import.meta.url);

let scriptBundle: Promise<string> | undefined;

/** The frame page's script as one IIFE; built on the first call, then cached. */
export function frameScript(): Promise<string> {
  scriptBundle ??= bundleFrameScript().catch((error: unknown) => {
    scriptBundle = undefined; // let a later request try again
    throw error;
  });
  return scriptBundle;
}

async function bundleFrameScript(): Promise<string> {
  const result = await build({
    entryPoints: [SCRIPT_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const stylesheets = new Map<string, Promise<string | undefined>>();

/** A stylesheet from sandbox/styles/ by file name; `undefined` for any other name. */
export function stylesheet(name: string): Promise<string | undefined> {
  if (!STYLESHEET_NAME_PATTERN.test(name)) return Promise.resolve(undefined);
  let css = stylesheets.get(name);
  if (!css) {
    css = readFile(new URL(name, STYLES_DIR), 'utf8').catch(() => undefined);
    stylesheets.set(name, css);
  }
  return css;
}
