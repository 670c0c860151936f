// The manifest (custom-elements.json) comes from the one JSDoc block on the
// element class: editors, Storybook and framework wrappers read it.
export default {
  globs: ['src/pin-control.ts', 'src/pin-control-inputs.ts'],
  outdir: 'dist',
  litelement: true,
};
