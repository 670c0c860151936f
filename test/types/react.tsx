// React 19 JSX with the one import `pin-control/react`: what must type-check,
// and (`@ts-expect-error`) what must not. An expect-error line that stops
// erroring fails the check too.
import 'pin-control/react';
import { useRef } from 'react';
import type { PinControl, TokenProvider } from 'pin-control';

const tokenProvider: TokenProvider = async ({ scope, signal }) => {
  const response = await fetch('/api/pin-control/token', { method: 'POST', body: JSON.stringify({ scope }), signal });
  return (await response.json()) as { id: string; pinFrameURL: string };
};

export function Good({ mode }: { mode: 'view' | 'set' }) {
  const ref = useRef<PinControl>(null);
  return (
    <pin-control
      ref={ref}
      mode={mode}
      frame-key="demo"
      token-url="/api/pin-control/token"
      frame-origins="http://127.0.0.1:4100"
      frame-url="http://127.0.0.1:4100/frame"
      label="PIN"
      lang="fi"
      retries={2}
      native-bridge
      token-timeout={5000}
      frame-timeout="15000"
      tokenProvider={tokenProvider}
      messages={{ en: { 'token-request-failed': 'Try again' } }}
      className="pin"
      style={{ width: '20rem' }}
      onpin-valid={(e) => console.log(e.detail.valid satisfies boolean)}
      onpin-control-error={(e) => console.log(e.detail.code, e.detail.message, e.detail.cause)}
      onpin-control-ready={(e) => console.log(e.type)}
      onview-pin-success={() => ref.current?.restart()}
      onview-pin-error={() => undefined}
      onset-pin-success={() => undefined}
      onset-pin-error={() => undefined}
      onset-pin-validation-error={() => undefined}
      onClick={() => ref.current?.setPin()}
    >
      <span slot="loading">Loading</span>
    </pin-control>
  );
}

export const wrong = [
  // @ts-expect-error: mode is 'view' | 'set'
  <pin-control mode={123} />,
  // @ts-expect-error: mode is 'view' | 'set'
  <pin-control mode="edit" />,
  // @ts-expect-error: retries is a number
  <pin-control retries={{}} />,
  // @ts-expect-error: a number attribute's string must be numeric
  <pin-control retries="two" />,
  // @ts-expect-error: tokenProvider is a function
  <pin-control tokenProvider="/token" />,
  // @ts-expect-error: pin-valid's detail has `valid`
  <pin-control onpin-valid={(e) => e.detail.validd} />,
  // @ts-expect-error: pin-control-error's detail has `code`
  <pin-control onpin-control-error={(e) => e.detail.codee} />,
  // @ts-expect-error: the ref is the element
  <pin-control ref={useRef<HTMLInputElement>(null)} />,
];
