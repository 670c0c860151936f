/**
 * `pin-control/server`: the token helper for a backend that embeds <pin-control>.
 * Web-standard code only (fetch, Request, Response, Web Crypto), so it runs in
 * Node 20+, Next.js route handlers, Hono, Deno and workers.
 *
 * @module
 */
export { createIssuerClient, CONTROL_ID_LIFETIME_MS, DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS } from './issuer-client.js';
export type { IssuerClient, IssuerClientOptions, ControlIdRequest, ControlId } from './issuer-client.js';
export type { IssuerCredentials } from './authorization.js';
export { encodeBasicCredentials } from './authorization.js';
export { createTokenHandler } from './token-handler.js';
export type { TokenHandlerOptions, TokenSession } from './token-handler.js';
export type { AuditRecord } from './audit.js';
export { createMemoryRateLimiter } from './rate-limit.js';
export type { MemoryRateLimiter, RateLimiter, RateLimitDecision, RateLimitOptions, MemoryRateLimiterOptions } from './rate-limit.js';
export { PinControlServerError, isPinControlServerError } from './errors.js';
export type { PinControlServerErrorCode } from './errors.js';
export { SCOPES } from './scope.js';
export type { Scope } from './scope.js';
