// The frame page's static assets: its script, bundled from TypeScript with
// esbuild once per process and then served from memory, and its stylesheets,
// read from sandbox/styles/ once.
import { readdir, readFile } from 'node:fs/promises';
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

let stylesheets: Promise<Map<string, string>> | undefined;

/** A stylesheet from sandbox/styles/ by file name; `undefined` for any other name. */
export async function stylesheet(name: string): Promise<string | undefined> {
  stylesheets ??= readStylesheets();
  return (await stylesheets).get(name);
}

async function readStylesheets(): Promise<Map<string, string>> {
  const names = (await readdir(STYLES_DIR)).filter((name) => STYLESHEET_NAME_PATTERN.test(name));
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(new URL(name, STYLES_DIR), 'utf8')] as const)));
}
