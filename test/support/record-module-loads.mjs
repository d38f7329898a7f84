/**
 * Preload (`node --import`) that appends every module URL the ES module loader resolves to the file named by
 * MODULE_LOAD_LOG: how a test sees which packages a CLI run loaded at all.
 */
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.MODULE_LOAD_LOG, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
