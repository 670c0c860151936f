import type { ChildProcess } from 'node:child_process';
export declare const ENGINES: readonly ['chromium', 'firefox', 'webkit'];
export declare const HOW_TO_GET: { chromium: string; firefox: string };
export declare function findFirefox(): string | undefined;
export declare function findWebKit(): { driver: string; miniBrowser: string; xvfb: string | undefined } | undefined;
export declare function howToGet(engine: string): string;
export declare function engineAvailable(engine: string): boolean;
export declare function startXvfb(binary: string): Promise<{ display: string; child: ChildProcess }>;
export declare function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs?: number): Promise<void>;
export declare function startWebKitDriver(webkit: { driver: string; xvfb: string | undefined }, children: ChildProcess[]): Promise<number>;
export declare function webkitCapabilities(miniBrowser: string): {
  browserName: 'MiniBrowser';
  'webkitgtk:browserOptions': { binary: string; args: string[] };
  'wdio:enforceWebDriverClassic': true;
};
