export declare const ENGINES: readonly ['chromium', 'firefox', 'webkit'];
export declare const HOW_TO_GET: { chromium: string; firefox: string };
export declare function findFirefox(): string | undefined;
export declare function findWebKit(): { driver: string; miniBrowser: string; xvfb: string | undefined } | undefined;
export declare function howToGet(engine: string): string;
export declare function engineAvailable(engine: string): boolean;
