// Collects every CSP and Trusted Types violation a browser context sees, in
// the page and in every frame (the issuer's too), plus console errors and
// uncaught exceptions. The init script is injected by the browser's devtools
// protocol, so the page's own CSP does not stop it.
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export interface SeenViolation {
  frame: string;
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  interface Window {
    __violations?: Array<Omit<SeenViolation, 'frame'>>;
  }
}

/** Records violations in the document it runs in, from then on (twice is once). */
export function recordViolations(): void {
  if (window.__violations) return;
  window.__violations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      window.__violations?.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    },
    true,
  );
}

/** What `recordViolations` recorded in this document (run in the page). */
export function recordedViolations(): Array<Omit<SeenViolation, 'frame'>> {
  return window.__violations ?? [];
}

export async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(recordViolations);
}

/** Violations seen so far in every frame of `page`. */
export async function violationsIn(page: Page): Promise<SeenViolation[]> {
  const found: SeenViolation[] = [];
  for (const frame of page.frames()) {
    const list = await frame.evaluate(() => window.__violations ?? []).catch(() => []);
    for (const violation of list) found.push({ frame: new URL(frame.url()).origin, ...violation });
  }
  return found;
}

/** Console errors and page errors of `page`, collected as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
