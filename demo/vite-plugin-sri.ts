// A Vite build plugin: once the files are on disk, hashes every script and
// stylesheet each HTML page loads, writes `integrity` + `crossorigin` into the
// tags, and writes `script-inventory.json` (path, sha384, purpose) for
// PCI DSS 4.0 requirement 6.4.3. It hashes the bytes actually written, so
// nothing that runs later in the build can make a hash stale. The build fails
// on inline code, on a script with no stated purpose, or on a JS file no page
// loads (it would run outside the inventory's integrity checks).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { addIntegrity, inlineCodeProblems, sha384, subresources, type Subresource } from './sri.js';

export const INVENTORY_FILE = 'script-inventory.json';

export interface InventoryEntry {
  path: string;
  sha384: string;
  bytes: number;
  purpose: string;
  loadedBy: string;
}

export interface ScriptInventory {
  /** What this file is for. */
  description: string;
  scripts: InventoryEntry[];
  stylesheets: InventoryEntry[];
}

export interface SriOptions {
  /** The purpose of each script, keyed by its Vite chunk name (e.g. `index` for index.html's entry). */
  purposes: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

export function subresourceIntegrity({ purposes }: SriOptions): Plugin {
  let outDir = '';
  let base = '/';
  // Output file (relative to outDir) → chunk name, from the bundle.
  const chunkNames = new Map<string, string>();

  function purposeOf(file: string): string {
    const name = chunkNames.get(file);
    const purpose = name === undefined ? undefined : purposes[name];
    if (!purpose) throw new Error(`SRI: no purpose stated for ${file} (chunk ${name ?? 'unknown'}); add it to the plugin's purposes`);
    return purpose;
  }

  function fileOf(url: string): string {
    if (!url.startsWith(base)) throw new Error(`SRI: ${url} is not served from this build (base ${base})`);
    return url.slice(base.length);
  }

  return {
    name: 'pin-control-demo-sri',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      base = config.base;
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') chunkNames.set(output.fileName, output.name);
      }
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      handler() {
        const inventory: ScriptInventory = {
          description: 'Every script and stylesheet the demo page loads, with its SRI hash (PCI DSS 4.0 req. 6.4.3).',
          scripts: [],
          stylesheets: [],
        };
        const hashed = new Map<string, { integrity: string; bytes: number }>();
        const hashOf = (url: string) => {
          const file = fileOf(url);
          let entry = hashed.get(file);
          if (!entry) {
            const bytes = readFileSync(join(outDir, file));
            entry = { integrity: sha384(bytes), bytes: bytes.length };
            hashed.set(file, entry);
          }
          return entry;
        };
        const loadedScripts = new Set<string>();

        for (const htmlPath of filesUnder(outDir).filter((path) => path.endsWith('.html'))) {
          const page = posix.join(...relative(outDir, htmlPath).split(/[\\/]/));
          const html = readFileSync(htmlPath, 'utf8');
          const problems = inlineCodeProblems(html);
          if (problems.length > 0) throw new Error(`SRI: ${page} has ${problems.join(', ')}; the CSP forbids inline code`);
          for (const resource of subresources(html)) {
            const file = fileOf(resource.url);
            const { integrity, bytes } = hashOf(resource.url);
            const entry = { path: base + file, sha384: integrity, bytes, loadedBy: base + page };
            if (isScript(resource)) {
              loadedScripts.add(file);
              inventory.scripts.push({ ...entry, purpose: purposeOf(file) });
            } else {
              inventory.stylesheets.push({ ...entry, purpose: "The demo page's stylesheet" });
            }
          }
          writeFileSync(
            htmlPath,
            addIntegrity(html, (url) => hashOf(url).integrity),
          );
        }

        const stray = [...chunkNames.keys()].filter((file) => file.endsWith('.js') && !loadedScripts.has(file));
        if (stray.length > 0) throw new Error(`SRI: ${stray.join(', ')} would load without integrity; keep the page in one bundle`);
        writeFileSync(join(outDir, INVENTORY_FILE), `${JSON.stringify(inventory, null, 2)}\n`);
      },
    },
  };
}

function isScript(resource: Subresource): boolean {
  return resource.kind === 'script' || resource.kind === 'modulepreload';
}
