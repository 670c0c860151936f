import { RenderMode, ServerRoute } from '@angular/ssr';

// Rendered on the server at every request (not prerendered at build time).
export const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Server }];
