// Connected elements re-render when a language module registers its texts
// (`lang/fi.js` may run after an element rendered English). One job, no DOM:
// it knows only `requestUpdate`.
import { onTextsRegistered } from './texts.js';

/** The connected elements: each joins at connect and leaves at disconnect. */
export const liveElements = new Set<{ requestUpdate(): void }>();

onTextsRegistered(() => liveElements.forEach((element) => element.requestUpdate()));
