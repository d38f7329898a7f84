/**
 * Ships the Synthetics zip from `node build.mjs`: `${canaryCode:s3Key}` puts its content-hashed key into the
 * template (offline, so `serverless package` needs no credentials), and on deploy the zip is uploaded to the
 * deployment bucket under that key before CloudFormation is asked to use it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCodeArtifact } from '../lib/code-artifact.mjs';

export default class CanaryCodePlugin {
  constructor(serverless, _options, { log }) {
    this.serverless = serverless;
    this.log = log;
    // serverless.yml lives in infra/; build.mjs and its dist/ live one level up.
    this.repoRoot = path.resolve(serverless.serviceDir, '..');
    this.configurationVariablesSources = {
      canaryCode: {
        resolve: async ({ address }) => {
          if (address !== 's3Key') {
            throw new serverless.classes.Error(`\${canaryCode:${address}} is unknown: the only address is s3Key`);
          }
          return { value: (await this.code()).s3Key };
        },
      },
    };
    this.hooks = {
      // After the framework's own uploads (the bucket exists by then, even on a first deploy) and before
      // the stack update that points the canaries at the new key.
      'after:aws:deploy:deploy:uploadArtifacts': () => this.upload(),
    };
  }

  code() {
    this.codePromise ??= loadCodeArtifact(this.repoRoot).catch((error) => {
      throw new this.serverless.classes.Error(error.message);
    });
    return this.codePromise;
  }

  async upload() {
    if (this.serverless.service.provider.shouldNotDeploy) return;
    const code = await this.code();
    this.ensureTemplateRuns(code.s3Key);
    const provider = this.serverless.getProvider('aws');
    // Loaded here only: packaging never needs the S3 client.
    const { S3Client, HeadObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client(await provider.getAwsSdkV3Config());
    const bucket = await provider.getServerlessDeploymentBucketName();

    if (await exists(s3, HeadObjectCommand, bucket, code.s3Key)) {
      this.log.info(`Canary code s3://${bucket}/${code.s3Key} is already uploaded`);
      return;
    }
    const body = await readFile(code.zipPath);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: code.s3Key,
        Body: body,
        ContentType: 'application/zip',
        // S3 refuses the upload if the bytes it received do not hash to this.
        ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
        ServerSideEncryption: 'AES256',
      }),
    );
    this.log.notice(`Uploaded canary code (${code.zipBytes} bytes) to s3://${bucket}/${code.s3Key}`);
  }

  /** A template packaged earlier (`deploy --package`) must point at the zip being uploaded now. */
  ensureTemplateRuns(s3Key) {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate?.Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Synthetics::Canary') continue;
      const templateKey = resource.Properties?.Code?.S3Key;
      if (templateKey !== s3Key) {
        throw new this.serverless.classes.Error(
          `${logicalId} expects code ${templateKey}, but the build in dist/ is ${s3Key}: ` +
            'package again after `node build.mjs` (npm run deploy does both)',
        );
      }
    }
  }
}

async function exists(s3, HeadObjectCommand, bucket, key) {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    // 403 is what S3 answers for a missing key when the caller may not list the bucket: upload anyway.
    const status = error?.$metadata?.httpStatusCode;
    if (status === 404 || status === 403) return false;
    throw error;
  }
}
