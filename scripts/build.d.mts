// Types of scripts/build.mjs for the TypeScript that imports it (test/cli/build.test.ts).
export declare const entryPoints: Readonly<Record<string, string>>;
export declare function buildDist(outDir?: string): Promise<string[]>;
