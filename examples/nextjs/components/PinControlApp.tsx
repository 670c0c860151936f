'use client';
// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// A Client Component, loaded by app/page.tsx with `ssr: false`: 'use client'
// is what sends the pin-control/define import to the browser (from a Server
// Component the tag would stay an empty, never-upgraded box).
import { useRef, useState } from 'react';
import 'pin-control/define'; // registers <pin-control>
import 'pin-control/react'; // its JSX types (types only: an empty module at run time)
import type { PinControl } from 'pin-control';
import { tokenProvider } from '@/lib/token-provider';

type Mode = 'view' | 'set';

export default function PinControlApp() {
  const pin = useRef<PinControl>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [pinValid, setPinValid] = useState<boolean | null>(null);
  const [events, setEvents] = useState<string[]>([]);
  const log = (text: string) => setEvents((list) => [...list, text]);

  function switchToSet() {
    setPinValid(null);
    setMode('set');
  }

  return (
    <main>
      <h1>pin-control in Next.js</h1>

      {/* mode is always written: were this ever server-rendered, the element
          would reflect its default mode="view" before hydration and React
          would report a mismatch. React 19 sets tokenProvider as a property. */}
      <pin-control
        ref={pin}
        frame-key="demo"
        mode={mode}
        frame-origins={process.env.PIN_FRAME_ORIGIN}
        tokenProvider={tokenProvider}
        onview-pin-success={() => log('view-pin-success')}
        onview-pin-error={() => log('view-pin-error')}
        onset-pin-success={() => log('set-pin-success')}
        onset-pin-error={() => log('set-pin-error')}
        onset-pin-validation-error={() => log('set-pin-validation-error')}
        onpin-valid={(e) => {
          setPinValid(e.detail.valid);
          log(`pin-valid: ${e.detail.valid}`);
        }}
        // Nothing is typed in a new frame (a switch, a retry) or once the flow has failed.
        onpin-control-ready={() => {
          setPinValid(null);
          log('pin-control-ready');
        }}
        onpin-control-error={(e) => {
          setPinValid(null);
          log(`pin-control-error: ${e.detail.code}`);
        }}
      />

      <div className="actions">
        <button data-testid="switch-to-set" disabled={mode === 'set'} onClick={switchToSet}>
          Switch to set PIN
        </button>
        <button data-testid="set-pin" disabled={pinValid !== true} onClick={() => pin.current?.setPin()}>
          Set PIN
        </button>
        PIN valid: <output data-testid="pin-valid">{pinValid === null ? 'unknown' : String(pinValid)}</output>
      </div>

      <h2>Events</h2>
      <ul data-testid="events">
        {events.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ul>
    </main>
  );
}
