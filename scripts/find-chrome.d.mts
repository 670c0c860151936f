export const HOW_TO_GET_CHROME: string;
export function findChrome(): string | undefined;
export const CHROME_ARGS: string[];
