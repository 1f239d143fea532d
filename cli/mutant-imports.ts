// A mutant file may live anywhere (`stackcheck run --mutant-file ~/my-change.ts`), outside
// this package and outside any package.json. Two module hooks make that work: the package's
// own name resolves from inside the package (`import { shrinkstack } from 'stackcheck/model'`,
// package.json "exports"), and a .ts or .js file in the mutant file's directory loads as an
// ES module — without a package.json saying "type": "module", Node and tsx would take it for
// CommonJS and fail with "Cannot require() ES Module ... in a cycle".

import { register } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const hooks = `
let root = '';
let dir = '';
export function initialize(data) { root = data.root; dir = data.dir; }
export async function resolve(specifier, context, next) {
  if (specifier === 'stackcheck' || specifier.startsWith('stackcheck/')) {
    return next(specifier, { ...context, parentURL: root + 'package.json' });
  }
  const r = await next(specifier, context);
  if (r.url.startsWith(dir) && /\\.(ts|js)$/.test(new URL(r.url).pathname) && r.format !== 'module') return { ...r, format: 'module' };
  return r;
}
`;

const registered = new Set<string>();

/** Lets the mutant file at abs (and its neighbours) import the model by name, as ES modules. @internal */
export function enableMutantImports(abs: string): void {
  const dir = pathToFileURL(dirname(abs)).href + '/';
  if (registered.has(dir)) return;
  registered.add(dir);
  // Both cli/*.ts and dist/*.mjs sit one directory below the package root.
  const root = new URL('../', import.meta.url).href;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { root, dir } });
}
