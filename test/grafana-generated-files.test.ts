/**
 * The committed dashboard and alert rule file are what the generator makes from today's metric definitions.
 * When this fails, run `npm run grafana` and commit the result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GeneratedPath, renderGeneratedFiles } from '../infra/grafana/generated-files.js';

const repoFile = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('generated Grafana files', () => {
  const rendered = renderGeneratedFiles();

  for (const key of Object.keys(GeneratedPath) as (keyof typeof GeneratedPath)[]) {
    it(`${GeneratedPath[key]} is up to date with the generator (else: npm run grafana)`, () => {
      expect(repoFile(GeneratedPath[key])).toBe(rendered[key]);
    });
  }

  it('renders the same text every time, so regenerating never churns the committed files', () => {
    expect(renderGeneratedFiles()).toEqual(rendered);
  });
});
