// The `--pin-control-*` theme handed to the frame with the control id. It is
// read in the first animation frame of a run, where style is computed anyway
// (one recalculation for all elements on the page), not at the hand-over, so
// no style read delays it. The mapping from values to a theme is pure
// (protocol.ts readTheme); this module only reads the computed style.
import { readTheme, type Theme } from './protocol.js';

/** The element's `--pin-control-*` values now: a computed-style read. */
export function themeOf(element: Element): Theme | undefined {
  const style = getComputedStyle(element);
  return readTheme((property) => style.getPropertyValue(property));
}

export class ThemeRead {
  #read: { theme: Theme | undefined } | undefined;
  #frame = 0;

  /** A new run: forget the last read and read again in the next animation frame. */
  start(element: Element): void {
    cancelAnimationFrame(this.#frame);
    this.#read = undefined;
    this.#frame = requestAnimationFrame(() => (this.#read = { theme: themeOf(element) }));
  }

  /** The theme read for this run; read now if the hand-over came first. */
  theme(element: Element): Theme | undefined {
    return this.#read ? this.#read.theme : themeOf(element);
  }
}
