// The sandbox's PIN policy, shared by the server (which decides) and the
// frame script (which reports `pin_valid` on every keystroke). DOM-free.

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 12;

export type PinProblem = 'not-digits' | 'too-short' | 'too-long' | 'all-same' | 'straight-run';

/** Why `pin` is refused, or `undefined` when it is an acceptable PIN. */
export function pinProblem(pin: string): PinProblem | undefined {
  if (!/^[0-9]*$/.test(pin)) return 'not-digits';
  if (pin.length < PIN_MIN_LENGTH) return 'too-short';
  if (pin.length > PIN_MAX_LENGTH) return 'too-long';
  if (isAllSame(pin)) return 'all-same';
  if (isStraightRun(pin, 1) || isStraightRun(pin, -1)) return 'straight-run';
  return undefined;
}

export function isValidPin(pin: string): boolean {
  return pinProblem(pin) === undefined;
}

/** A short, human-readable reason, for the page's hint line. */
export function describePinProblem(problem: PinProblem): string {
  switch (problem) {
    case 'not-digits':
      return 'Use digits only.';
    case 'too-short':
      return `Use at least ${PIN_MIN_LENGTH} digits.`;
    case 'too-long':
      return `Use at most ${PIN_MAX_LENGTH} digits.`;
    case 'all-same':
      return 'Do not repeat one digit.';
    case 'straight-run':
      return 'Avoid straight runs such as 1234 or 4321.';
  }
}

function isAllSame(pin: string): boolean {
  return [...pin].every((digit) => digit === pin[0]);
}

/** 1234, 6789 (step 1) or 4321, 9876 (step -1); no wrap-around (9→0). */
function isStraightRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i += 1) {
    if (Number(pin[i]) - Number(pin[i - 1]) !== step) return false;
  }
  return true;
}
