'use client';
// The page is a Client Component so that it may load the element's component
// with `ssr: false` (a Server Component may not): <pin-control> is rendered on
// the client only. Server-rendered, React would hydrate it without attaching
// the on<event> listeners or setting tokenProvider (react#35446), and
// pin-control/define would upgrade it, and start the flow, before React does.
import dynamic from 'next/dynamic';

const PinControlApp = dynamic(() => import('@/components/PinControlApp'), { ssr: false });

export default function Page() {
  return <PinControlApp />;
}
