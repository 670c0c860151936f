// The element's styles. Public `--pin-control-*` custom properties map to
// private `--_*` tokens once, on :host; the rules below use only the private ones.
// Cheap per element: the box's overflow is `clip` (`hidden` only as the
// fallback where clip is unknown) and the status is contained, so no element
// builds scroll containers nothing scrolls;
// the font applies to what shows (.box, .notice), so the visually hidden
// status keeps the page's already resolved font and a flow with no visible
// text never looks up system-ui (Chromium traces: 4-6 ms of the first layout,
// against 1.6).
/** Marks the CSS for the build, which minifies it (scripts/minify-templates.mjs). */
const css = String.raw;

/** The public custom properties (without the `--pin-control-` prefix). */
export const PUBLIC_TOKENS = [
  'width',
  'height',
  'border',
  'radius',
  'background',
  'color',
  'font-family',
  'font-size',
  'accent-color',
  'error-color',
  'focus-ring',
] as const;

export const styles = css`
  :host {
    --_width: var(--pin-control-width, 100%);
    --_height: var(--pin-control-height, 16rem);
    --_border: var(--pin-control-border, 1px solid #c4c7cc);
    --_radius: var(--pin-control-radius, 0.5rem);
    --_background: var(--pin-control-background, #ffffff);
    --_color: var(--pin-control-color, #1b1d21);
    --_font-family: var(--pin-control-font-family, system-ui, sans-serif);
    --_font-size: var(--pin-control-font-size, 1rem);
    --_accent-color: var(--pin-control-accent-color, #0b57d0);
    --_error-color: var(--pin-control-error-color, #b3261e);
    --_focus-ring: var(--pin-control-focus-ring, 2px solid #0b57d0);

    display: block;
    inline-size: var(--_width);
    max-inline-size: 100%;
    color: var(--_color);
    font-size: var(--_font-size);
  }
  .box,
  .notice {
    font-family: var(--_font-family);
  }
  :host([hidden]) {
    display: none;
  }
  .box {
    position: relative;
    box-sizing: border-box;
    block-size: var(--_height);
    border: var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    overflow: hidden;
    overflow: clip;
  }
  /* The box takes focus when its retry button goes (a keyboard retry):
     ringed then, not after a click. */
  .box:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  /* The frame paints as soon as its page does (never hidden while loading):
     until then it is transparent and the skeleton below it shows through. */
  iframe {
    position: relative;
    display: block;
    inline-size: 100%;
    block-size: 100%;
    border: 0;
    color-scheme: normal;
  }
  /* A static block with a short opacity pulse, over after about 4 s. The
     pulse is on ::before, inside content-visibility: auto, so an element
     out of view skips it: Chromium restyles a running animation's element
     on every main frame, composited or not (100 elements on a page: 7,000
     restyles, 440 ms). The box's size comes from its insets alone, so the
     skipped-content size rules change nothing. */
  .skeleton {
    position: absolute;
    inset: 1rem;
    content-visibility: auto;
  }
  .skeleton::before {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: var(--_radius);
    background: #00000012;
    animation: pulse 0.8s ease-in-out 5 alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.45;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton::before {
      animation: none;
    }
  }
  .error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.75rem;
    padding: 1rem;
    color: var(--_error-color);
  }
  .error p,
  .notice p {
    margin: 0;
  }
  .notice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin-block-end: 0.5rem;
    padding: 0.75rem 1rem;
    border: var(--_border);
    border-inline-start: 0.25rem solid var(--_accent-color);
    border-radius: var(--_radius);
    background: var(--_background);
  }
  .notice p {
    flex: 1;
  }
  button {
    font: inherit;
    color: #ffffff;
    background: var(--_accent-color);
    border: 0;
    border-radius: var(--_radius);
    padding: 0.5rem 1rem;
    cursor: pointer;
  }
  .notice button {
    padding: 0 0.25rem;
    color: inherit;
    background: none;
  }
  button:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  /* In flow, not position: absolute, and contained: a new status text lays
     out this 1px box alone (Chromium makes it a layout root; an absolute
     box relying on its static position never is one, and it would hang off
     the page's containing block, placed again at every layout of the page).
     The -1px margin takes back its 1px: the element's height is unchanged.
     Paint containment clips, as overflow: clip did. */
  .status {
    contain: strict;
    inline-size: 1px;
    block-size: 1px;
    margin-block-start: -1px;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
