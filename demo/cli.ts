// `npm start` (the command line around start-demo.ts): builds the demo page if needed, starts the sandbox on
// 127.0.0.1:4100 and the host page on localhost:4000 (PORT and SANDBOX_PORT
// override), prints the URL to open, and stops both on Ctrl-C.
// Configuration for a real issuer: see demo/config.ts and the README.
import { DEFAULT_HOST_PORT } from './server.js';
import { DEFAULT_SANDBOX_PORT, startDemo } from './start-demo.js';

function portFrom(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}

const hostPort = portFrom(process.env.PORT, DEFAULT_HOST_PORT, 'PORT');
const sandboxPort = portFrom(process.env.SANDBOX_PORT, DEFAULT_SANDBOX_PORT, 'SANDBOX_PORT');

try {
  const demo = await startDemo({ hostPort, sandboxPort, audit: (record) => console.log(`[audit] ${JSON.stringify(record)}`) });
  console.log('');
  console.log(`  pin-control demo:  ${demo.url}`);
  if (demo.sandboxOrigin) console.log(`  sandbox (issuer):  ${demo.sandboxOrigin}`);
  console.log('  Ctrl-C to stop.');
  console.log('');
  // Ctrl-C as in sandbox/main.ts (the same few lines on purpose: each command
  // line reads alone, and they print different things).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE' && port !== undefined) {
    const [variable, what] = port === sandboxPort ? ['SANDBOX_PORT', 'the sandbox'] : ['PORT', 'the demo page'];
    console.error(`Port ${port} (${what}) is already in use: stop what uses it, or run \`${variable}=${port + 1} npm start\`.`);
  } else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
