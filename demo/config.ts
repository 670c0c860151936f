// The host server's configuration from the environment. With nothing set,
// the demo talks to the local sandbox with the sandbox's own demo credentials
// (not secret). For a real issuer set:
//   PIN_CONTROL_API_BASE      the issuer's API base URL (https:)
//   PIN_CONTROL_USERNAME      Basic credentials (RFC 7617) ...
//   PIN_CONTROL_PASSWORD
//   PIN_CONTROL_BEARER_TOKEN  ... or a bearer token (wins over Basic)
//   PIN_CONTROL_KEY           the `key` agreed with the issuer (default `demo`)
//   PIN_CONTROL_FRAME_ORIGIN  the PIN frame's origin (default: the API base's)
import type { IssuerCredentials } from '../src/server/index.js';
import { assertOrigin } from './security-headers.js';

export interface IssuerSettings {
  baseUrl: string;
  credentials: IssuerCredentials;
  key: string;
  frameOrigin: string;
}

export type Env = Record<string, string | undefined>;

const DEFAULT_KEY = 'demo';

/** True when the environment names a real issuer, so no sandbox is needed. */
export function usesExternalIssuer(env: Env): boolean {
  return Boolean(env.PIN_CONTROL_API_BASE);
}

/**
 * The issuer settings: the environment's, falling back to the sandbox at
 * `sandboxOrigin` with `sandboxCredentials`.
 */
export function issuerSettings(env: Env, sandboxOrigin: string | undefined, sandboxCredentials: IssuerCredentials): IssuerSettings {
  const baseUrl = env.PIN_CONTROL_API_BASE || sandboxOrigin;
  if (!baseUrl) throw new Error('Set PIN_CONTROL_API_BASE, or run the sandbox.');
  let credentials: IssuerCredentials = sandboxCredentials;
  if (env.PIN_CONTROL_BEARER_TOKEN) credentials = { bearerToken: env.PIN_CONTROL_BEARER_TOKEN };
  else if (env.PIN_CONTROL_USERNAME || env.PIN_CONTROL_PASSWORD) {
    credentials = { username: env.PIN_CONTROL_USERNAME ?? '', password: env.PIN_CONTROL_PASSWORD ?? '' };
  } else if (env.PIN_CONTROL_API_BASE) {
    throw new Error('PIN_CONTROL_API_BASE is set: set PIN_CONTROL_USERNAME and PIN_CONTROL_PASSWORD, or PIN_CONTROL_BEARER_TOKEN, too.');
  }
  const frameOrigin = assertOrigin(env.PIN_CONTROL_FRAME_ORIGIN || new URL(baseUrl).origin);
  return { baseUrl, credentials, key: env.PIN_CONTROL_KEY || DEFAULT_KEY, frameOrigin };
}
