// Control ids: the short-lived, single-use tokens the API mints. Each is 32
// crypto-random bytes (base64url, 43 characters), bound to one plastic and one
// scope. Used and expired ids are remembered for a few minutes, so that a reuse
// or a late use is told apart from a made-up id, then forgotten lazily.
import { randomBytes } from 'node:crypto';
import { CONTROL_ID_LIFETIME_MS } from '../src/control-id.js';
import type { Scope } from '../src/scope.js';

export const CONTROL_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** How long an expired id is still recognised (as expired, not unknown). */
const REMEMBER_EXPIRED_MS = 5 * 60_000;

export interface ControlGrant {
  readonly plasticId: string;
  readonly scope: Scope;
  readonly expiresAt: number;
}

export type ControlIdRejection = 'unknown' | 'expired' | 'used' | 'wrong-scope';
export type ControlIdCheck = { ok: true; grant: ControlGrant } | { ok: false; reason: ControlIdRejection };

interface Entry extends ControlGrant {
  used: boolean;
}

export interface ControlIdStoreOptions {
  ttlMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

export class ControlIdStore {
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor({ ttlMs = CONTROL_ID_LIFETIME_MS, now = Date.now }: ControlIdStoreOptions = {}) {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
    this.ttlMs = ttlMs;
    this.#now = now;
  }

  issue(plasticId: string, scope: Scope): string {
    this.#forgetExpired();
    const id = randomBytes(32).toString('base64url');
    this.#entries.set(id, { plasticId, scope, expiresAt: this.#now() + this.ttlMs, used: false });
    return id;
  }

  /** The scope an id was minted for, even when it is used or expired; for the webview page. */
  scopeOf(id: string): Scope | undefined {
    return this.#entries.get(id)?.scope;
  }

  /** Checks without using the id up. */
  check(id: string, scope: Scope): ControlIdCheck {
    const entry = this.#entries.get(id);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (this.#now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (entry.scope !== scope) return { ok: false, reason: 'wrong-scope' };
    const { plasticId, expiresAt } = entry;
    return { ok: true, grant: { plasticId, scope, expiresAt } };
  }

  /** Checks and, when the id passes, uses it up: a second call is refused. */
  consume(id: string, scope: Scope): ControlIdCheck {
    const result = this.check(id, scope);
    if (result.ok) this.#entries.get(id)!.used = true;
    return result;
  }

  get size(): number {
    return this.#entries.size;
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [id, entry] of this.#entries) if (now >= entry.expiresAt + REMEMBER_EXPIRED_MS) this.#entries.delete(id);
  }
}
