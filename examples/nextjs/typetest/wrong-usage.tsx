// A deliberately wrong use of <pin-control>: `npm run typetest` passes only if
// the type checker reports an error on every line marked "must fail".
import type { ReactElement } from 'react';
import 'pin-control/react';

export function WrongUsage(): ReactElement {
  return (
    <pin-control
      mode={123} // must fail: mode is 'view' | 'set'
      frame-key="demo"
      onpin-valid={(e) => console.log(e.detail.validd)} // must fail: detail has `valid`, not `validd`
    />
  );
}
