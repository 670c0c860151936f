// The plastics (physical cards) the sandbox knows, in memory for the life of
// the process. A plastic with a PIN counts as produced: its PIN can be viewed,
// and setting it again is refused (set PIN is for card-application time).
import type { PlasticSeed } from './seed.js';

export class PlasticStore {
  readonly #pins = new Map<string, string | undefined>();

  constructor(seed: readonly PlasticSeed[]) {
    for (const plastic of seed) this.#pins.set(plastic.plasticId, plastic.pin);
  }

  has(plasticId: string): boolean {
    return this.#pins.has(plasticId);
  }

  isProduced(plasticId: string): boolean {
    return this.#pins.get(plasticId) !== undefined;
  }

  pinOf(plasticId: string): string | undefined {
    return this.#pins.get(plasticId);
  }

  /** Stores the first PIN of a known, not yet produced plastic; false otherwise. */
  setPin(plasticId: string, pin: string): boolean {
    if (!this.has(plasticId) || this.isProduced(plasticId)) return false;
    this.#pins.set(plasticId, pin);
    return true;
  }
}
