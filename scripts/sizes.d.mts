export interface CompressedSizes {
  raw: number;
  gzip: number;
  brotli: number;
}
export declare const BUDGETS: { bundleGzip: number; bundleBrotli: number; elementGzip: number };
export declare function compressedSizes(bytes: Uint8Array): CompressedSizes;
export declare function localClosure(entry: string): string[];
export declare function measureSizes(
  dist: string,
  options?: { bundleDir?: string },
): { bundle: CompressedSizes; element: CompressedSizes; elementFiles: string[] };
