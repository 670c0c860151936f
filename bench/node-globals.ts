// @hono/node-server replaces the global Request and Response with lighter
// classes of its own when a server is made (unless told not to), and the
// bench's browser hosts and the sandbox make theirs in the bench's process.
// A token helper timed on those measured twice the CPU per request (the
// stub's answer read as a stream builds Node's Response behind Hono's). The
// in-process benchmarks (3, 6) time it on Node's own classes, which any
// `fetch` answers with: run.ts runs them first, and they check.
const NODE_CLASSES = { Request: globalThis.Request, Response: globalThis.Response };

export function assertNodeFetchClasses(benchmark: string): void {
  if (globalThis.Request === NODE_CLASSES.Request && globalThis.Response === NODE_CLASSES.Response) return;
  throw new Error(
    `${benchmark}: the global Request or Response is no longer Node's own (a Hono server made earlier in this process?); run it before the benchmarks that start servers`,
  );
}
