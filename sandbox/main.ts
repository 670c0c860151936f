// `npm run sandbox`: starts the sandbox on --port, SANDBOX_PORT or 4100
// (127.0.0.1; --hostname or SANDBOX_HOSTNAME to change), until Ctrl-C.
// The demo keys may be framed from any loopback origin; --frame-origin
// (repeatable) and SANDBOX_FRAME_ORIGINS (space or comma separated) add more.
import { parseArgs } from 'node:util';
import { CONTROL_ID_LIFETIME_MS } from '../src/control-id.js';
import { parseFrameOrigins } from './frame-origins.js';
import { DEFAULT_HOSTNAME, DEFAULT_PORT, startSandbox } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    hostname: { type: 'string' },
    'frame-origin': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run sandbox -- [--port 4100] [--hostname 127.0.0.1] [--frame-origin https://dev.bank.example]…\n' +
      'Env: SANDBOX_PORT, SANDBOX_HOSTNAME, SANDBOX_FRAME_ORIGINS, SANDBOX_TOKEN_TTL_MS, SANDBOX_USERNAME, SANDBOX_PASSWORD, SANDBOX_BEARER_TOKEN',
  );
  process.exit(0);
}

function numberFrom(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`Invalid ${what}: ${text}`);
    process.exit(2);
  }
  return value;
}

function frameOriginsFrom(env: string | undefined, flags: readonly string[]): string[] {
  try {
    return parseFrameOrigins([env ?? '', ...flags]);
  } catch (error) {
    console.error(`Invalid SANDBOX_FRAME_ORIGINS or --frame-origin: ${(error as Error).message}`);
    process.exit(2);
  }
}

const port = numberFrom(values.port ?? process.env.SANDBOX_PORT, DEFAULT_PORT, 'port');
const hostname = values.hostname ?? process.env.SANDBOX_HOSTNAME ?? DEFAULT_HOSTNAME;
const tokenTtlMs = numberFrom(process.env.SANDBOX_TOKEN_TTL_MS, CONTROL_ID_LIFETIME_MS, 'SANDBOX_TOKEN_TTL_MS') || CONTROL_ID_LIFETIME_MS;
const frameOrigins = frameOriginsFrom(process.env.SANDBOX_FRAME_ORIGINS, values['frame-origin'] ?? []);

try {
  const sandbox = await startSandbox({ port, hostname, tokenTtlMs, frameOrigins });
  const extra = frameOrigins.length > 0 ? `, also framed from ${frameOrigins.join(' ')}` : '';
  console.log(`PIN Control sandbox listening on ${sandbox.origin} (control ids live ${tokenTtlMs / 1000} s${extra})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const instead = values.port === undefined ? `SANDBOX_PORT=${port + 1} npm run sandbox` : `npm run sandbox -- --port ${port + 1}`;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is already in use: stop what uses it, or run \`${instead}\`.` : error);
  process.exit(1);
}
