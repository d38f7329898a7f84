/**
 * The canary's code as `node build.mjs` leaves it: a zip plus a manifest naming it and its sha256. The S3 key
 * is the zip's own hash, so CloudFormation sees a new key (and updates the canaries) exactly when the code
 * changes, and an old key still points at the code it always did when a stack rolls back.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Where build.mjs writes its manifest, relative to the repository root. */
export const MANIFEST_PATH = 'dist/synthetics/manifest.json';

/** Prefix in the deployment bucket, outside the `serverless/` prefix the framework prunes on each deploy. */
export const S3_PREFIX = 'canary-code';

export function s3KeyFor(sha256) {
  return `${S3_PREFIX}/${sha256}.zip`;
}

/**
 * Reads the manifest under `repoRoot` and checks the zip it names is really there with that hash, so a stale
 * manifest can never send old code under a new key. Resolves to { zipPath, sha256, s3Key, zipBytes }.
 */
export async function loadCodeArtifact(repoRoot) {
  const manifestPath = path.join(repoRoot, MANIFEST_PATH);
  const rebuild = 'run `node build.mjs` in the repository root (npm run package:infra and npm run deploy do it)';

  let manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the canary code manifest ${manifestPath} (${error.code ?? error.message}): ${rebuild}`);
  }
  if (typeof manifest?.zipFile !== 'string' || !/^[0-9a-f]{64}$/.test(manifest?.sha256 ?? '')) {
    throw new Error(`${manifestPath} lacks "zipFile" or a hex "sha256": ${rebuild}`);
  }

  const zipPath = path.resolve(repoRoot, manifest.zipFile);
  let zip;
  try {
    zip = await readFile(zipPath);
  } catch (error) {
    throw new Error(`the manifest names ${zipPath}, which cannot be read (${error.code ?? error.message}): ${rebuild}`);
  }
  const sha256 = createHash('sha256').update(zip).digest('hex');
  if (sha256 !== manifest.sha256) {
    throw new Error(`${zipPath} does not match the sha256 in ${manifestPath} (stale build?): ${rebuild}`);
  }
  return { zipPath, sha256, s3Key: s3KeyFor(sha256), zipBytes: zip.length };
}
