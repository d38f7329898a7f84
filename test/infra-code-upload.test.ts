/**
 * The deploy half of infra/plugins/canary-code.mjs against a real S3 API (moto_server on loopback): the zip
 * lands under its content-hashed key, intact, once; nothing is uploaded when the framework skips the deploy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CanaryCodePlugin from '../infra/plugins/canary-code.mjs';
import { removeScaffold, scaffoldWith, type Scaffold } from './support/serverless-package.js';

const BUCKET = 'zooid-canary-deployment';
const ZIP = Buffer.from('PK stand-in zip bytes for the upload test');
const KEY = `canary-code/${createHash('sha256').update(ZIP).digest('hex')}.zip`;

let moto: ChildProcess;
const scaffolds: Scaffold[] = [];
let s3Config: Record<string, unknown>;

beforeAll(async () => {
  const port = await freePort();
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  s3Config = { region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  await waitForHttp(endpoint, 20_000);
  await new S3Client(s3Config).send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 30_000);

afterAll(() => {
  moto?.kill();
  for (const s of scaffolds) removeScaffold(s);
});

function pluginFor(shouldNotDeploy = false, templateKey = KEY) {
  const logs: string[] = [];
  const scaffold = scaffoldWith(ZIP);
  scaffolds.push(scaffold);
  const serverless = {
    serviceDir: `${scaffold.root}/infra`,
    classes: { Error },
    service: {
      provider: {
        shouldNotDeploy,
        compiledCloudFormationTemplate: { Resources: { ScheduledCanary: { Type: 'AWS::Synthetics::Canary', Properties: { Code: { S3Key: templateKey } } } } },
      },
    },
    getProvider: () => ({
      getAwsSdkV3Config: async () => s3Config,
      getServerlessDeploymentBucketName: async () => BUCKET,
    }),
  };
  const log = { info: (m: string) => logs.push(m), notice: (m: string) => logs.push(m) };
  const plugin = new CanaryCodePlugin(serverless, {}, { log });
  return { upload: () => plugin.hooks['after:aws:deploy:deploy:uploadArtifacts'](), logs };
}

describe('canary code upload', () => {
  it('skips the upload when the framework found nothing to deploy', async () => {
    const { upload, logs } = pluginFor(true);
    await upload();
    expect(logs).toEqual([]);
  });

  it('refuses to upload code other than what a template packaged earlier points at', async () => {
    const { upload, logs } = pluginFor(false, 'canary-code/0000.zip');
    await expect(upload()).rejects.toThrow(/ScheduledCanary expects code canary-code\/0000.zip, but the build in dist\/ is canary-code\/[0-9a-f]{64}\.zip: package again/);
    expect(logs).toEqual([]);
  });

  it('uploads the zip under its hash, then leaves it alone on the next deploy', async () => {
    const first = pluginFor();
    await first.upload();
    expect(first.logs).toEqual([`Uploaded canary code (${ZIP.length} bytes) to s3://${BUCKET}/${KEY}`]);

    const stored = await new S3Client(s3Config).send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(ZIP);
    expect(stored.ContentType).toBe('application/zip');

    const second = pluginFor();
    await second.upload();
    expect(second.logs).toEqual([`Canary code s3://${BUCKET}/${KEY} is already uploaded`]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`moto_server did not answer on ${url} within ${withinMs} ms (pip install 'moto[server]')`);
}
