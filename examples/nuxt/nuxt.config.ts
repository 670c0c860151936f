// The two pin-control lines are `vue.compilerOptions` (a custom element, not a
// Vue component) and `runtimeConfig.public.pinFrameOrigin`; the rest keeps the
// example quiet and self-contained.
export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  telemetry: false,
  devtools: { enabled: false },
  css: ['~/assets/style.css'],
  vue: {
    // <pin-control> is a custom element: without this, Vue warns
    // "Failed to resolve component: pin-control" (it still renders it).
    compilerOptions: { isCustomElement: (tag) => tag === 'pin-control' },
  },
  runtimeConfig: {
    public: {
      // The sandbox (or issuer) origin the frame may come from: PIN_FRAME_ORIGIN
      // at build time, NUXT_PUBLIC_PIN_FRAME_ORIGIN at run time.
      pinFrameOrigin: process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100',
    },
  },
  app: { head: { title: 'pin-control in Nuxt', htmlAttrs: { lang: 'en' } } },
});
