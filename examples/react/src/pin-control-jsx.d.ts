// TEMPORARY: stands in for `pin-control/react` (branch pkgtypes) until it is merged.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { Messages, Mode, PinControl, PinControlEventMap, TokenProvider } from 'pin-control';

type PinControlEventProps = {
  [K in keyof PinControlEventMap as `on${K}`]?: (event: PinControlEventMap[K]) => void;
};

interface PinControlProps extends PinControlEventProps {
  mode?: Mode;
  'token-url'?: string;
  'frame-origins'?: string;
  'frame-url'?: string;
  'frame-key'?: string;
  label?: string;
  retries?: number;
  tokenProvider?: TokenProvider | null;
  messages?: Messages | null;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'pin-control': DetailedHTMLProps<HTMLAttributes<PinControl>, PinControl> & PinControlProps;
    }
  }
}
