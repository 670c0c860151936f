// Which engine a browser test runs in, and the few user actions that engines
// allow differently, done the way a user would do them so that one test body
// runs everywhere. `npm run test:browsers` runs every test in Chromium,
// Firefox ESR and WebKitGTK. What each engine refuses (seen here, see
// ../shared/TOOLCHAIN.md):
//
// - WebKit: a cross-origin frame cannot focus its own input until the user
//   has clicked into it (`clickInto`), a security rule: no frame steals the
//   keyboard;
// - WebKit: `window.open` without a user gesture returns null
//   (`openPopupFromClick` opens it from a real click);
// - WebKit's WebDriver has no Shift (no key down/up actions, only `press` and
//   `type`): `tabInto` reaches an element with a plain Tab instead of
//   Shift+Tab and back.
//
// Prefer these helpers to engine checks; when a test must differ, branch on
// `engine` and assert what that engine does (say why in a comment), and when
// a test cannot run in an engine, `itExceptIn` names the reason in its title.
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import { FOCUS_PAGE_COMMAND } from '../support/sandbox-fixtures.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** The engine this page runs in, from its user agent (Chromium's and Firefox's also say AppleWebKit/Gecko). */
export function engineOf(userAgent: string): Engine {
  if (/\bFirefox\//.test(userAgent)) return 'firefox';
  if (/\b(Chrome|Chromium|HeadlessChrome)\//.test(userAgent)) return 'chromium';
  if (/\bAppleWebKit\//.test(userAgent)) return 'webkit';
  throw new Error(`unknown engine: ${userAgent}`);
}

export const engine: Engine = engineOf(navigator.userAgent);

/**
 * `it(title, fn)`, except in the named engines, where the test is skipped
 * with `(skipped in <engine>: <why>)` in its title, so every report says why.
 */
export function itExceptIn(engines: Engine[], why: string, title: string, fn: Mocha.Func | Mocha.AsyncFunc) {
  if (engines.includes(engine)) return it.skip(`${title} (skipped in ${engine}: ${why})`, fn);
  return it(title, fn);
}

/** Brings the test's tab to the front (test files may share one browser), so keystrokes reach it. */
export async function bringPageToFront() {
  await executeServerCommand(FOCUS_PAGE_COMMAND);
}

/**
 * A real click into a (cross-origin) frame, a few pixels inside its top-left
 * corner (its page's margin, not a control), as a user would click before
 * typing. After it every engine lets the frame focus its own input.
 */
export async function clickInto(frame: HTMLIFrameElement) {
  await bringPageToFront();
  frame.scrollIntoView({ block: 'nearest' });
  const rect = frame.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(rect.left + 4), Math.round(rect.top + 4)] });
}

/**
 * Focuses a frame's first control (its PIN input) as a user would: a click
 * into the frame, then Tab. Works in every engine, cross-origin frames too.
 */
export async function focusFrameInput(frame: HTMLIFrameElement) {
  await clickInto(frame);
  await sendKeys({ press: 'Tab' });
}

/**
 * Runs `open` in the handler of a real click (a user gesture), and returns
 * what it returned: WebKit blocks `window.open` and other gated calls
 * outside one. The button is placed in the page's top-left corner and
 * removed afterwards.
 */
export async function fromRealClick<T>(open: () => T): Promise<T> {
  const button = document.createElement('button');
  button.textContent = 'user gesture';
  button.style.cssText = 'position: fixed; left: 0; top: 0; width: 40px; height: 20px; z-index: 2147483647; margin: 0';
  let result: { value: T } | undefined;
  button.addEventListener('click', () => (result = { value: open() }), { once: true });
  document.body.append(button);
  try {
    await bringPageToFront();
    await sendMouse({ type: 'click', position: [20, 10] });
    const deadline = performance.now() + 2000;
    while (!result && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!result) throw new Error('the click never reached the button');
    return result.value;
  } finally {
    button.remove();
  }
}

/** `window.open` from a real click, as a page's button would open a popup. */
export function openPopupFromClick(url: string, name: string, features = 'popup,width=200,height=200') {
  return fromRealClick(() => window.open(url, name, features));
}

/**
 * Moves the keyboard focus to `target` with a real Tab from a control placed
 * just before `before` (default: `target` itself), so the focus is
 * `:focus-visible` in every engine (no Shift+Tab, which WebKit's driver
 * cannot send). `target` may sit in `before`'s shadow root.
 */
export async function tabInto(target: HTMLElement, before: Element = target) {
  const start = document.createElement('button');
  start.textContent = 'tab start';
  before.before(start);
  try {
    await bringPageToFront();
    start.focus();
    await sendKeys({ press: 'Tab' });
  } finally {
    start.remove();
  }
}
