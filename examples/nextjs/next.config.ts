import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // This folder is the app's root, not the repo around it (which has its own
  // lockfile): modules resolve from here only.
  turbopack: { root: import.meta.dirname },
  env: {
    // The sandbox (or issuer) origin the frame may come from, fixed at build
    // time: Next inlines process.env.PIN_FRAME_ORIGIN into the client bundle.
    PIN_FRAME_ORIGIN: process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100',
  },
};

export default nextConfig;
