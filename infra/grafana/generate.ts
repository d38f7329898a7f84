/** Writes the generated dashboard and alert rule file under the given repository root. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratedPath, renderGeneratedFiles } from './generated-files.js';

export function writeGeneratedFiles(repoRoot: string): string[] {
  const rendered = renderGeneratedFiles();
  const written: string[] = [];
  for (const key of Object.keys(GeneratedPath) as (keyof typeof GeneratedPath)[]) {
    writeFileSync(join(repoRoot, GeneratedPath[key]), rendered[key]);
    written.push(GeneratedPath[key]);
  }
  return written;
}
