// The error the element shows: its pin-control-error detail, the wait before a
// retry may be tried (counted down once a second) and whether a retry is
// offered at all. DOM-free; the element re-renders on `update`.
import type { PinControlErrorDetail } from './events.js';
import { mayRetry } from './token-client.js';

export class ShownError {
  readonly detail: PinControlErrorDetail;
  /** The whole wait in seconds (for the live region, said once), if any. */
  readonly waitTotal: number | undefined;
  /** Seconds left before a retry may be tried; 0 once over. */
  waitLeft = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Counts the wait down once a second on screen (the `wait` part); the live
   * region says the whole wait once and "you can try again now" at its end.
   * stop() (a restart, a disconnect) ends it.
   */
  constructor(detail: PinControlErrorDetail, update: () => void) {
    this.detail = detail;
    const seconds = detail.retryAfter;
    if (!seconds) return;
    const endsAt = performance.now() + seconds * 1000;
    this.waitLeft = this.waitTotal = seconds;
    const tick = () => {
      this.waitLeft = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      update();
      if (this.waitLeft > 0) this.#timer = setTimeout(tick, Math.min(1000, endsAt - performance.now() - (this.waitLeft - 1) * 1000));
    };
    this.#timer = setTimeout(tick, Math.min(1000, seconds * 1000));
  }

  /**
   * A retry is offered where one can succeed: not for a refused frame origin
   * (the page's configuration: each try would mint an id and fail alike), nor
   * for unauthorized, forbidden or conflict, and not before a wait is over.
   */
  get retryOffered(): boolean {
    if (this.detail.code === 'frame-origin-refused' || (this.detail.reason && !mayRetry(this.detail.reason))) return false;
    return !this.waitLeft;
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
