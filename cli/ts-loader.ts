// TypeScript modules the user hands us (--mutant-file my-change.ts) need a loader when
// stackcheck itself runs compiled (dist/): tsx is registered on first need, never at start.

let registered = false;

/** Makes `import()` of .ts/.mts files work in this thread (a no-op when running from sources). @internal */
export async function ensureTypeScriptLoader(): Promise<void> {
  if (registered || import.meta.url.endsWith('.ts')) return;
  const { register } = await import('tsx/esm/api');
  register();
  registered = true;
}
