// The page's calls to its own origin: check an id, view a PIN, set a PIN.
// The control id and the PIN travel in JSON bodies, never in a URL.
import type { Scope } from '../../src/scope.js';
import { FRAME_API_PATH } from '../page-html.js';

async function post(path: string, body: object): Promise<Response | undefined> {
  try {
    return await fetch(`${FRAME_API_PATH}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return undefined;
  }
}

/** True when the id exists, is unexpired and unused, and has this scope. */
export async function checkControlId(controlId: string, scope: Scope): Promise<boolean> {
  return (await post('check', { controlId, scope }))?.ok === true;
}

/** Uses the id up and returns the PIN; `undefined` on any failure. */
export async function fetchPin(controlId: string): Promise<string | undefined> {
  const response = await post('view', { controlId });
  if (!response?.ok) return undefined;
  try {
    const { pin } = (await response.json()) as { pin?: unknown };
    return typeof pin === 'string' && /^[0-9]{4,12}$/.test(pin) ? pin : undefined;
  } catch {
    return undefined;
  }
}

export type SetPinOutcome = 'set' | 'invalid' | 'failed';

export async function storePin(controlId: string, pin: string): Promise<SetPinOutcome> {
  const response = await post('set', { controlId, pin });
  if (response?.ok) return 'set';
  return response?.status === 422 ? 'invalid' : 'failed';
}
