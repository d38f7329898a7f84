/**
 * Preload (`node --import ./bench/module-census.mjs ...`) that writes every module the process loaded, one
 * path or URL per line, to the file named by BENCH_MODULE_CENSUS: the ESM loader's resolutions as they happen,
 * and CommonJS modules (which the ESM hooks do not see) from the require cache at exit.
 */
import { appendFileSync } from 'node:fs';
import { Module, register } from 'node:module';

const file = process.env.BENCH_MODULE_CENSUS;
register(new URL('./module-census-hooks.mjs', import.meta.url), { data: { file } });
process.on('exit', () => appendFileSync(file, `${Object.keys(Module._cache).join('\n')}\n`));
