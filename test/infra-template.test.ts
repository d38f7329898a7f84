/**
 * `serverless package` from a copy of infra/, offline and without credentials, and what the resulting
 * CloudFormation template promises: the schedules, timeouts under the period, the runtime parameter, the
 * content-hashed code key, least-privilege IAM, the bucket's protections, the alarm, and cfn-lint's verdict.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_NAMESPACE, SYNTHETICS_NAMESPACE } from '../canary/metrics/definitions.js';
import { buildCanaryZip, removeScaffold, scaffoldWith, serverlessPackage, writeCode, type PackageRun, type Scaffold, type Template } from './support/serverless-package.js';

const PACKAGE_TIMEOUT = 120_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Actions that have no resource-level permissions, each justified in serverless.yml. */
const STAR_RESOURCE_ALLOWED = ['s3:ListAllMyBuckets', 'cloudwatch:PutMetricData'];

let zip: Buffer;
let scaffold: Scaffold;
/** Every scaffold this file made, removed at the end. */
const scaffolds: Scaffold[] = [];
let defaults: PackageRun;
let template: Template;

beforeAll(async () => {
  zip = await buildCanaryZip();
  scaffold = scaffoldWith(zip);
  scaffolds.push(scaffold);
  defaults = await serverlessPackage(scaffold);
  if (!defaults.ok) throw new Error(`serverless package failed:\n${defaults.output}`);
  template = defaults.template!;
  console.info(`serverless package: ${defaults.seconds.toFixed(1)} s, offline=${defaults.offline}, zip ${zip.length} bytes`);
}, PACKAGE_TIMEOUT);

afterAll(() => {
  for (const s of scaffolds) removeScaffold(s);
});

const resource = (id: string) => {
  const r = template.Resources[id];
  if (r === undefined) throw new Error(`template has no ${id}`);
  return r;
};
const canary = (id: string) => resource(id).Properties;

describe('serverless package', () => {
  it('builds the template with no credentials (and no network where a namespace can be made)', () => {
    expect(defaults.ok).toBe(true);
    expect(Object.keys(template.Resources)).toEqual(
      expect.arrayContaining(['ScheduledCanary', 'DeployCanary', 'ArtifactBucket', 'CanaryExecutionRole', 'CanaryFailingAlarm']),
    );
  });

  it('passes cfn-lint with no errors', () => {
    const lint = spawnSync('cfn-lint', ['--format', 'json', defaults.templatePath], { encoding: 'utf8', timeout: 60_000 });
    if (lint.error) throw new Error(`cfn-lint is not runnable (${lint.error.message}): pip install cfn-lint`);
    const findings = JSON.parse(lint.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[];
    const errors = findings.filter((f) => f.Level === 'Error');
    expect(errors.map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
  }, 60_000);
});

describe('the canaries', () => {
  it('runs the scheduled one every 5 minutes from creation, and the deploy one only when started', () => {
    expect(canary('ScheduledCanary').Schedule.Expression).toBe('rate(5 minutes)');
    expect(canary('ScheduledCanary').StartCanaryAfterCreation).toBe(true);
    expect(canary('DeployCanary').Schedule.Expression).toBe('rate(0 minute)');
    expect(canary('DeployCanary').StartCanaryAfterCreation).toBe(false);
  });

  it('keeps each run well under the schedule period, and the relay deadline inside the run', () => {
    const run = canary('ScheduledCanary').RunConfig;
    expect(Number(run.TimeoutInSeconds)).toBeLessThanOrEqual(300 / 2);
    expect(Number(run.EnvironmentVariables.TIMEOUT_SECONDS)).toBeLessThan(Number(run.TimeoutInSeconds));
  });

  it.each(['ScheduledCanary', 'DeployCanary'])('%s: name, runtime, retention, cleanup and environment', (id) => {
    const p = canary(id);
    expect(p.Name).toMatch(/^[0-9a-z_-]{1,21}$/);
    expect(p.RuntimeVersion).toMatch(/^syn-nodejs-playwright-\d+\.\d+$/);
    expect(Number(/(\d+)\.\d+$/.exec(p.RuntimeVersion)![1])).toBeGreaterThanOrEqual(4);
    expect(p.SuccessRetentionPeriod).toEqual(expect.any(Number));
    expect(p.FailureRetentionPeriod).toEqual(expect.any(Number));
    expect(p.ProvisionedResourceCleanup).toBe('AUTOMATIC');
    expect(p.ArtifactConfig.S3Encryption.EncryptionMode).toBe('SSE_S3');
    const env = p.RunConfig.EnvironmentVariables;
    expect(Object.keys(env).sort()).toEqual(['GROUP_ID', 'METRIC_NAMESPACE', 'RELAY_URL', 'SECRET_ID', 'TIMEOUT_SECONDS', 'TRIGGER']);
    expect(env.TRIGGER).toBe(id === 'ScheduledCanary' ? 'scheduled' : 'deploy');
    expect(env.METRIC_NAMESPACE).toBe(DEFAULT_METRIC_NAMESPACE);
    expect(env.RELAY_URL).toMatch(/^wss?:\/\//);
    // CloudFormation wants every environment value as a string.
    for (const value of Object.values(env)) expect(typeof value).toBe('string');
  });

  it.each(['ScheduledCanary', 'DeployCanary'])('%s: runs the build.mjs zip from the deployment bucket under its content hash', (id) => {
    expect(canary(id).Code).toEqual({
      Handler: 'index.handler',
      S3Bucket: { Ref: 'ServerlessDeploymentBucket' },
      S3Key: `canary-code/${sha256(zip)}.zip`,
    });
  });

  it('never holds the key: the secret is referenced by name, not created', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::SecretsManager::Secret');
    expect(JSON.stringify(template)).not.toMatch(/SecretString|nsec1/);
    expect(canary('ScheduledCanary').RunConfig.EnvironmentVariables.SECRET_ID).toBe('zooid-canary/dev');
  });
});

describe('execution role (least privilege)', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: any; Sid?: string };
  const statements = (): Statement[] => {
    const all: Statement[] = [];
    for (const r of Object.values(template.Resources)) {
      if (r.Type === 'AWS::IAM::Role') {
        expect(r.Properties.ManagedPolicyArns ?? []).toEqual([]);
        for (const policy of r.Properties.Policies ?? []) all.push(...policy.PolicyDocument.Statement);
      }
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') all.push(...r.Properties.PolicyDocument.Statement);
    }
    return all;
  };
  const list = <T,>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
  const subText = (resource: unknown) => JSON.stringify(resource);

  it('grants no wildcard actions, and "*" resources only to the justified actions', () => {
    const granted = statements();
    expect(granted.length).toBeGreaterThan(0);
    for (const s of granted) {
      expect(s.Effect).toBe('Allow');
      for (const action of list(s.Action)) expect(action, `${s.Sid}`).not.toContain('*');
      if (list(s.Resource).includes('*')) {
        for (const action of list(s.Action)) expect(STAR_RESOURCE_ALLOWED, `${s.Sid} grants ${action} on *`).toContain(action);
      }
    }
  });

  it('lets PutMetricData write only the Synthetics and canary namespaces', () => {
    const put = statements().filter((s) => list(s.Action).includes('cloudwatch:PutMetricData'));
    expect(put).toHaveLength(1);
    expect(put[0]!.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': [SYNTHETICS_NAMESPACE, DEFAULT_METRIC_NAMESPACE] } });
  });

  it('reads exactly the one secret', () => {
    const read = statements().filter((s) => list(s.Action).some((a) => a.startsWith('secretsmanager:')));
    expect(read).toHaveLength(1);
    expect(list(read[0]!.Action)).toEqual(['secretsmanager:GetSecretValue']);
    expect(subText(read[0]!.Resource)).toContain(':secret:zooid-canary/dev-??????');
  });

  it("writes logs only to the canaries' own log groups and S3 only in the artifact bucket", () => {
    for (const s of statements()) {
      const actions = list(s.Action);
      if (actions.some((a) => a.startsWith('logs:'))) {
        for (const r of list(s.Resource)) expect(subText(r)).toMatch(/log-group:\/aws\/lambda\/cwsyn-zooid-dev-(deploy-)?\*/);
      }
      if (actions.some((a) => a.startsWith('s3:') && a !== 's3:ListAllMyBuckets')) {
        expect(subText(s.Resource)).toContain('ArtifactBucket');
      }
    }
  });
});

describe('artifact bucket', () => {
  it('is encrypted, private, expires run artifacts after the failure retention, and refuses plain HTTP', () => {
    const bucket = resource('ArtifactBucket').Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const expiry = bucket.LifecycleConfiguration.Rules.find((r: any) => r.Status === 'Enabled' && r.ExpirationInDays);
    expect(expiry.ExpirationInDays).toBeGreaterThanOrEqual(canary('ScheduledCanary').FailureRetentionPeriod);

    const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === 'ArtifactBucket');
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('no bucket policy in the stack allows anything to anyone', () => {
    for (const r of Object.values(template.Resources).filter((x) => x.Type === 'AWS::S3::BucketPolicy')) {
      for (const s of r.Properties.PolicyDocument.Statement) expect(s.Effect).toBe('Deny');
    }
  });
});

describe('failure alarm', () => {
  it('fires on two consecutive failed (or missing) scheduled runs and is exported for rollback triggers', () => {
    const alarm = resource('CanaryFailingAlarm').Properties;
    expect(alarm).toMatchObject({
      Namespace: SYNTHETICS_NAMESPACE,
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: { Ref: 'ScheduledCanary' } }],
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(template.Outputs?.CanaryFailingAlarmArn).toMatchObject({
      Value: { 'Fn::GetAtt': ['CanaryFailingAlarm', 'Arn'] },
      Export: { Name: 'zooid-canary-dev-CanaryFailingAlarmArn' },
    });
    expect(template.Outputs?.DeployCanaryName).toMatchObject({ Value: { Ref: 'DeployCanary' } });
  });
});

describe('parameters', () => {
  it('takes runtime, schedule and stage from the command line, and a new zip gets a new key', async () => {
    const changed = Buffer.concat([zip, Buffer.from('\n// one more byte of code')]);
    writeCode(scaffold.root, changed);
    const run = await serverlessPackage(scaffold, ['--stage', 'prod', '--param=runtimeVersion=syn-nodejs-playwright-6.0', '--param=schedule=rate(10 minutes)']);
    writeCode(scaffold.root, zip);
    expect(run.ok, run.output).toBe(true);
    const t = run.template!;
    for (const id of ['ScheduledCanary', 'DeployCanary']) {
      expect(t.Resources[id]!.Properties.RuntimeVersion).toBe('syn-nodejs-playwright-6.0');
      expect(t.Resources[id]!.Properties.Code.S3Key).toBe(`canary-code/${sha256(changed)}.zip`);
    }
    expect(t.Resources.ScheduledCanary!.Properties.Name).toBe('zooid-prod');
    expect(t.Resources.DeployCanary!.Properties.Name).toBe('zooid-prod-deploy');
    expect(t.Resources.ScheduledCanary!.Properties.Schedule.Expression).toBe('rate(10 minutes)');
    expect(t.Resources.CanaryFailingAlarm!.Properties.Period).toBe(600);
  }, PACKAGE_TIMEOUT);

  it('refuses, all at once, settings Synthetics would reject', async () => {
    const run = await serverlessPackage(scaffold, [
      '--param=canaryName=a-name-far-too-long-for-synthetics',
      '--param=runtimeVersion=syn-nodejs-puppeteer-9.0',
      '--param=schedule=rate(1 minute)',
    ]);
    expect(run.ok).toBe(false);
    expect(run.output).toContain('must be 1-21 characters');
    expect(run.output).toContain('is not a Playwright runtime on Node.js 22');
    expect(run.output).toContain('at most half the schedule');
  }, PACKAGE_TIMEOUT);

  it('says to run build.mjs when the code manifest is missing', async () => {
    const bare = scaffoldWith(zip);
    scaffolds.push(bare);
    rmSync(bare.manifestPath);
    const run = await serverlessPackage(bare);
    expect(run.ok).toBe(false);
    expect(run.output).toContain('run `node build.mjs`');
  }, PACKAGE_TIMEOUT);
});
