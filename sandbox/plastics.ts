// The plastics (physical cards) the sandbox knows, in memory for the life of
// the process. A plastic with a PIN counts as produced: its PIN can be viewed,
// and setting it again is refused (set PIN is for card-application time).
// Sandbox-only deviation: a plastic seeded with `repeatableSet` (the test
// plastic 9000000000000001) can be viewed and set any number of times, so
// tests and examples can run set after set without a restart.
import type { PlasticSeed } from './seed.js';

export class PlasticStore {
  readonly #pins = new Map<string, string | undefined>();
  readonly #repeatable = new Set<string>();

  constructor(seed: readonly PlasticSeed[]) {
    for (const plastic of seed) {
      this.#pins.set(plastic.plasticId, plastic.pin);
      if (plastic.repeatableSet) this.#repeatable.add(plastic.plasticId);
    }
  }

  has(plasticId: string): boolean {
    return this.#pins.has(plasticId);
  }

  isProduced(plasticId: string): boolean {
    return this.#pins.get(plasticId) !== undefined;
  }

  /** A known plastic not produced yet, or the sandbox's repeatable test plastic. */
  canSet(plasticId: string): boolean {
    return this.has(plasticId) && (!this.isProduced(plasticId) || this.#repeatable.has(plasticId));
  }

  pinOf(plasticId: string): string | undefined {
    return this.#pins.get(plasticId);
  }

  /** Stores the PIN of a plastic that `canSet`; false otherwise. */
  setPin(plasticId: string, pin: string): boolean {
    if (!this.canSet(plasticId)) return false;
    this.#pins.set(plasticId, pin);
    return true;
  }
}
