// The frame channel with stand-in windows: who it listens to, where it posts,
// when it hands the id over, and that nothing outlives close().
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameChannel,
  HANDOVER_DELAY_MS,
  type ChannelWindow,
  type FrameChannelHost,
  type FrameFailure,
} from '../../../src/frame-channel.js';
import type { FrameMessage, OperationMessage } from '../../../src/protocol.js';

const ORIGIN = 'https://pin.issuer.example';
const SRC = `${ORIGIN}/frame?key=k`;

/** A window that records what is posted to it (the frame's window). */
function frameWindow(href = SRC) {
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  const win = {
    location: { href },
    postMessage(message: unknown, targetOrigin: string) {
      posted.push({ message, targetOrigin });
    },
  };
  return { win: win as unknown as Window, posted };
}

/**
 * The page's window: its message listeners, and its queue of posted messages
 * (what it posts to itself waits there until flush(), behind what was
 * dispatched to the queue before).
 */
function pageWindow() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const queue: Array<Partial<MessageEvent>> = [];
  const selfPosts: Array<{ data: unknown; targetOrigin: string }> = [];
  const win: ChannelWindow = {
    addEventListener: ((type: string, listener: (event: MessageEvent) => void) =>
      type === 'message' && listeners.add(listener)) as ChannelWindow['addEventListener'],
    removeEventListener: ((type: string, listener: (event: MessageEvent) => void) =>
      type === 'message' && listeners.delete(listener)) as ChannelWindow['removeEventListener'],
    postMessage: ((data: unknown, targetOrigin: string) => {
      selfPosts.push({ data, targetOrigin });
      queue.push({ origin: 'https://page.example', source: win as unknown as Window, data });
    }) as ChannelWindow['postMessage'],
  };
  const deliver = (event: Partial<MessageEvent>) => {
    for (const listener of [...listeners]) listener(event as MessageEvent);
  };
  /** Queues a message, as a frame's postMessage does. */
  const enqueue = (event: Partial<MessageEvent>) => queue.push(event);
  /** Runs the queue in order. */
  const flush = () => {
    while (queue.length) deliver(queue.shift()!);
  };
  /** A message dispatched now, after everything queued before. */
  const dispatch = (event: Partial<MessageEvent>) => {
    flush();
    deliver(event);
  };
  return { win, listeners, dispatch, enqueue, flush, selfPosts };
}

function host() {
  const log: string[] = [];
  const messages: FrameMessage[] = [];
  const failures: FrameFailure[] = [];
  const calls: FrameChannelHost = {
    operation: (controlId): OperationMessage => ({ operation: 'view-pin', controlId }),
    handedOver: () => log.push('handed-over'),
    failed: (why) => failures.push(why),
    message: (message) => {
      messages.push(message);
      return message.event === 'view_pin_success' || message.event === 'view_pin_error';
    },
  };
  return { calls, log, messages, failures };
}

/** The iframe holding `win`: its document is readable only while that is the page's own about:blank. */
function frameElement(win: Window) {
  const { href } = win.location;
  return { contentWindow: win, contentDocument: href === 'about:blank' ? { URL: href } : null };
}

/** The current frame's load event, and the hand-over delay after it. */
function load(channel: FrameChannel, win: Window) {
  channel.onLoad(frameElement(win), channel.frame!.key);
  mock.timers.tick(HANDOVER_DELAY_MS);
}

function setUp() {
  const page = pageWindow();
  const h = host();
  const channel = new FrameChannel(h.calls, page.win);
  const frame = frameWindow();
  return { page, h, channel, frame };
}

describe('the frame channel', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('listens only while a frame is open, and stops on mute() and close()', () => {
    const { page, channel } = setUp();
    assert.equal(page.listeners.size, 0);
    channel.open(SRC, ORIGIN, 1000);
    assert.equal(page.listeners.size, 1);
    channel.open(SRC, ORIGIN, 1000); // a new frame: still one listener
    assert.equal(page.listeners.size, 1);
    channel.mute();
    assert.equal(page.listeners.size, 0);
    assert.ok(channel.frame, 'mute keeps the frame');
    channel.open(SRC, ORIGIN, 1000);
    channel.close();
    assert.equal(page.listeners.size, 0);
    assert.equal(channel.frame, undefined);
  });

  it('hands the id over once, to the exact origin, only after the load event of the current frame', () => {
    const { h, channel, frame } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    const { key } = channel.frame!;
    channel.give('id-1', performance.now());
    assert.deepEqual(frame.posted, [], 'not before load');
    channel.onLoad(frameElement(frame.win), key - 1); // a stale frame's load
    mock.timers.tick(HANDOVER_DELAY_MS);
    assert.deepEqual(frame.posted, []);
    channel.onLoad(frameElement(frame.win), key);
    mock.timers.tick(HANDOVER_DELAY_MS - 1);
    assert.deepEqual(frame.posted, [], `not before ${HANDOVER_DELAY_MS} ms after the load event`);
    mock.timers.tick(1);
    assert.deepEqual(frame.posted, [{ message: { operation: 'view-pin', controlId: 'id-1' }, targetOrigin: ORIGIN }]);
    assert.deepEqual(h.log, ['handed-over']);
    channel.give('id-2', performance.now());
    load(channel, frame.win);
    assert.equal(frame.posted.length, 1, 'one hand-over per frame');
  });

  it('waits for the real page when the load is the initial about:blank', () => {
    const { channel } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    const blank = frameWindow('about:blank');
    load(channel, blank.win);
    channel.give('id', performance.now());
    assert.deepEqual(blank.posted, []);
    assert.equal(channel.loaded, false);
  });

  it('an id 30 s old or older is never posted: token-expired', () => {
    const { h, channel, frame } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    load(channel, frame.win);
    channel.give('old', performance.now() - 30_000);
    assert.deepEqual(frame.posted, []);
    assert.deepEqual(h.failures, ['token-expired']);
    assert.deepEqual(h.log, []);
  });

  it('a frame that does not load in time: frame-load-timeout, once; none after close()', () => {
    const { h, channel, frame } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    mock.timers.tick(999);
    assert.deepEqual(h.failures, []);
    mock.timers.tick(1);
    assert.deepEqual(h.failures, ['frame-load-timeout']);
    channel.open(SRC, ORIGIN, 1000);
    load(channel, frame.win);
    mock.timers.tick(5000);
    assert.deepEqual(h.failures, ['frame-load-timeout'], 'loaded in time');
    channel.open(SRC, ORIGIN, 1000);
    channel.close();
    mock.timers.tick(5000);
    assert.deepEqual(h.failures, ['frame-load-timeout'], 'closed');
  });

  it('hears a message only from the frame window AND its origin, well-formed', () => {
    const { page, h, channel, frame } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    const good = { event: 'view_pin_success' };
    page.dispatch({ origin: ORIGIN, source: frame.win, data: good });
    assert.deepEqual(h.messages, [], 'not before the frame loaded');
    load(channel, frame.win);
    channel.give('id', performance.now());
    page.flush(); // the hand-over's marker
    const other = frameWindow();
    page.dispatch({ origin: 'https://evil.example', source: frame.win, data: good });
    page.dispatch({ origin: ORIGIN, source: other.win, data: good });
    page.dispatch({ origin: ORIGIN, source: null, data: good });
    page.dispatch({ origin: ORIGIN, source: frame.win, data: { event: 'view_pin_success', pin: '1234' } });
    assert.deepEqual(h.messages, []);
    page.dispatch({ origin: ORIGIN, source: frame.win, data: good });
    assert.deepEqual(h.messages, [good]);
  });

  it('callbacks count only once the frame has had a chance to answer the hand-over', () => {
    const { page, h, channel, frame } = setUp();
    const success = { event: 'view_pin_success' };
    channel.open(SRC, ORIGIN, 1000);
    channel.give('id', performance.now());
    // The frame posts from its own load handler, before it has the id: the
    // message waits in the page's queue while the page handles the load event.
    page.enqueue({ origin: ORIGIN, source: frame.win, data: success });
    load(channel, frame.win);
    assert.equal(frame.posted.length, 1, 'handed over');
    assert.equal(page.selfPosts.length, 1, 'the marker went to the page itself');
    assert.notEqual(page.selfPosts[0]!.targetOrigin, '*');
    page.flush();
    assert.deepEqual(h.messages, [], 'the early message was ignored');
    page.dispatch({ origin: ORIGIN, source: frame.win, data: success });
    assert.deepEqual(h.messages, [success], 'an answer after the marker counts');
    // The frame posting the marker's text does not open the gate: it is not this window.
    channel.open(SRC, ORIGIN, 1000);
    load(channel, frame.win);
    const forged = String(page.selfPosts[0]!.data).replace(/\d+$/, String(channel.frame!.key));
    page.enqueue({ origin: ORIGIN, source: frame.win, data: forged });
    page.enqueue({ origin: ORIGIN, source: frame.win, data: success });
    channel.give('id-2', performance.now());
    page.flush();
    assert.equal(h.messages.length, 1);
    page.dispatch({ origin: ORIGIN, source: frame.win, data: success });
    assert.equal(h.messages.length, 2);
  });

  it('view: no answer within the timeout after the hand-over is frame-unresponsive; an answer stops the clock', () => {
    const { page, h, channel, frame } = setUp();
    channel.open(SRC, ORIGIN, 1000);
    channel.give('id', performance.now());
    mock.timers.tick(600); // loads after 600 ms
    load(channel, frame.win);
    mock.timers.tick(999);
    assert.deepEqual(h.failures, [], 'frame-timeout again after the hand-over');
    mock.timers.tick(1);
    assert.deepEqual(h.failures, ['frame-unresponsive']);
    // The same with an answer in time.
    channel.open(SRC, ORIGIN, 1000);
    channel.give('id', performance.now());
    load(channel, frame.win);
    page.flush();
    page.dispatch({ origin: ORIGIN, source: frame.win, data: { event: 'pin_valid', pin_valid: true } }); // not an answer here
    mock.timers.tick(500);
    page.dispatch({ origin: ORIGIN, source: frame.win, data: { event: 'view_pin_success' } });
    mock.timers.tick(5000);
    assert.deepEqual(h.failures, ['frame-unresponsive']);
  });

  it('set: the frame is silent until the user types, so no answer timer', () => {
    const page = pageWindow();
    const h = host();
    const channel = new FrameChannel({ ...h.calls, operation: (controlId) => ({ operation: 'set-pin', controlId }) }, page.win);
    const frame = frameWindow();
    channel.open(SRC, ORIGIN, 1000);
    channel.give('id', performance.now());
    load(channel, frame.win);
    mock.timers.tick(60_000);
    assert.deepEqual(h.failures, []);
    assert.equal(frame.posted.length, 1);
  });

  it('posts set_pin and the theme only to the loaded frame, at its exact origin', () => {
    const { channel, frame } = setUp();
    assert.equal(channel.post({ event: 'set_pin' }), false, 'no frame');
    channel.open(SRC, ORIGIN, 1000);
    assert.equal(channel.post({ event: 'set_pin' }), false, 'not loaded');
    load(channel, frame.win);
    assert.equal(channel.post({ event: 'theme', theme: { color: 'red' } }), true);
    assert.deepEqual(frame.posted, [{ message: { event: 'theme', theme: { color: 'red' } }, targetOrigin: ORIGIN }]);
    assert.ok(frame.posted.every((p) => p.targetOrigin !== '*'));
  });
});
