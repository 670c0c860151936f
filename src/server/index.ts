/**
 * `pin-control/server`: the token helper for a backend that embeds <pin-control>.
 * Web-standard code only (fetch, Request, Response, Web Crypto), so it runs in
 * Node 20+, Next.js route handlers, Hono, Deno and workers. The Node adapter
 * (`createNodeTokenHandler`, over `req`/`res`) imports nothing from Node either.
 *
 * @module
 */
export { createIssuerClient, DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS } from './issuer-client.js';
export { CONTROL_ID_LIFETIME_MS } from '../control-id.js';
export { SCOPES } from '../scope.js';
export type { Scope } from '../scope.js';
export type { IssuerClient, IssuerClientOptions, ControlIdRequest, ControlId } from './issuer-client.js';
export type { IssuerCredentials } from './authorization.js';
export { encodeBasicCredentials } from './authorization.js';
export { createTokenHandler, type TokenHandlerInput } from './token-handler.js';
export type { TokenHandlerOptions, TokenSession } from './token-handler.js';
export { createNodeTokenHandler } from './node-handler.js';
export type { NodeTokenHandlerOptions, NodeTokenRequest, NodeTokenResponse } from './node-handler.js';
export type { AuditRecord } from './audit.js';
export { createMemoryRateLimitStore, DEFAULT_RATE_LIMIT, DEFAULT_RATE_LIMIT_WINDOW_MS } from './rate-limit.js';
export type {
  RateLimitStore,
  RateLimitDecision,
  RateLimitOptions,
  MemoryRateLimitStore,
  MemoryRateLimitStoreOptions,
} from './rate-limit.js';
export { PinControlServerError, isPinControlServerError } from './errors.js';
export type { PinControlServerErrorCode } from './errors.js';
