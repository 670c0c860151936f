// `npm run build` makes two things from `src/`:
// - the npm package (default mode): ES modules for `.`, `./define`,
//   `./server` and `./server/redis`, with lit, zod and dompurify left to the
//   consumer's bundler (ioredis is never imported: the caller passes a client).
//   The class is an entry of its own (`dist/pin-control.js`) and chunks keep
//   their names without a hash: custom-elements.json names these files;
// - `--mode bundle`: one self-contained file for `<script type="module">`,
//   lit and zod inlined, DOMPurify left as a dynamic `import('dompurify')`
//   (only pages that pass rich-text `messages` ever load it).
import { defineConfig } from 'vite';

const minify = { rolldownOptions: { output: { minify: true } } } as const;

export default defineConfig(({ mode }) =>
  mode === 'bundle'
    ? {
        build: {
          outDir: 'dist/bundle',
          emptyOutDir: true,
          target: 'es2022',
          lib: { entry: 'src/define.ts', formats: ['es'], fileName: () => 'pin-control.bundle.js' },
          rolldownOptions: { external: ['dompurify'], output: { minify: true } },
        },
      }
    : {
        build: {
          outDir: 'dist',
          emptyOutDir: true,
          target: 'es2022',
          sourcemap: true,
          lib: {
            entry: {
              index: 'src/index.ts',
              define: 'src/define.ts',
              'pin-control': 'src/pin-control.ts',
              'server/index': 'src/server/index.ts',
              'server/redis': 'src/server/redis.ts',
            },
            formats: ['es'],
          },
          rolldownOptions: {
            preserveEntrySignatures: 'allow-extension',
            external: [/^lit($|\/)/, /^@lit\//, /^zod($|\/)/, 'dompurify', 'ioredis'],
            output: { ...minify.rolldownOptions.output, preserveModules: false, chunkFileNames: '[name].js' },
          },
        },
      },
);
