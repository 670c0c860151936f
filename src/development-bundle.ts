// The development bundle's entry (vite.config.ts, `--mode bundle-development`):
// the single-file bundle's, with the console hints and both languages built
// in, as a production lang/ module would import the production bundle.
export * from './define.js';
import './lang/fi.js';
import './lang/sv.js';
