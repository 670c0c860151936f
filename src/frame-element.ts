// The issuer's iframe, made by hand once per frame rather than from a lit
// template: a template would keep, per element, a template instance, two
// attribute parts, an event part and a keyed directive for one node whose
// attributes never change (only its title may, with `label` or `lang`).
import type { ChannelFrame, FrameChannel } from './frame-channel.js';

/** The iframe on the page and the key of the frame it was made for. */
export interface ShownFrame {
  readonly key: number;
  readonly iframe: HTMLIFrameElement;
}

/**
 * `shown` again when it is `frame`'s, else a new iframe for it: sandboxed, no
 * referrer, every attribute set before it is in the page; its `load` goes to
 * the channel with the frame's key.
 */
export function frameFor(shown: ShownFrame | undefined, frame: ChannelFrame, title: string, channel: FrameChannel): ShownFrame {
  if (shown?.key !== frame.key) {
    const iframe = document.createElement('iframe');
    iframe.part.add('frame');
    iframe.sandbox.value = 'allow-scripts allow-same-origin allow-forms';
    iframe.referrerPolicy = 'no-referrer';
    iframe.src = frame.src;
    iframe.onload = () => channel.onLoad(iframe, frame.key);
    shown = { key: frame.key, iframe };
  }
  if (shown.iframe.title !== title) shown.iframe.title = title;
  return shown;
}
