// axe-core in a page or in one of its frames (the issuer's cross-origin frame
// too: playwright evaluates in any frame). The pages' CSPs would stop axe's
// own code, so the browser context that audits is opened with bypassCSP; the
// CSP itself is checked by demo.test.ts in a context that keeps it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** WCAG 2.2 A and AA (axe tags every 2.0, 2.1 and 2.2 rule by level), plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Axe = {
  run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
};

/** Each violation as `rule: help [targets]`; empty when the document passes. */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  const present = await target.evaluate(() => 'axe' in window);
  if (!present) await target.evaluate(AXE_SOURCE);
  return target.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, {
      iframes: false, // each frame is audited on its own, in its own origin
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (violation) => `${violation.id}: ${violation.help} ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
  }, AXE_TAGS);
}
