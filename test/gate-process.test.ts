/**
 * `zooid-canary gate` as the relay's pipeline runs it: the built CLI as its own process, the AWS SDK pointed at
 * a local Synthetics by AWS_ENDPOINT_URL, exit codes as the shell sees them, and no handle keeping it alive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.js';
import { startSyntheticsApi, type SyntheticsApiServer } from './support/synthetics-api-server.js';

const CANARY = 'zooid-prod-deploy';
let server: SyntheticsApiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gateProcess(runSteps: { state: 'RUNNING' | 'PASSED' | 'FAILED'; reason?: string }[], canary = CANARY) {
  server = await startSyntheticsApi({ canaries: { [CANARY]: { runSteps } } });
  return runCli(['gate', '--canary', canary, '--wait', '5', '--poll', '0.05'], {
    AWS_ENDPOINT_URL: server.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}

describe('zooid-canary gate (process)', () => {
  it('exits 0 on PASSED, right after the verdict', async () => {
    const run = await gateProcess([{ state: 'RUNNING' }, { state: 'PASSED' }]);
    expect(run.stdout).toMatch(/^PASSED canary=zooid-prod-deploy run=run-1 duration=/m);
    expect(run.code).toBe(0);
    expect(run.wallMs).toBeLessThan(5_000);
  });

  it('exits 1 on FAILED with the reason', async () => {
    const run = await gateProcess([{ state: 'FAILED', reason: 'restricted: you are not a member of that group' }]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('reason="restricted: you are not a member of that group"');
  });

  it('exits 2 when the canary does not exist', async () => {
    const run = await gateProcess([], 'zooid-typo-deploy');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no canary named zooid-typo-deploy in eu-west-1');
  });
});
