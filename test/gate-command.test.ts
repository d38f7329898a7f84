/**
 * The deploy gate, in-process, through the real AWS SDK against a local Synthetics endpoint
 * (AWS_ENDPOINT_URL), for every exit code the relay's pipeline acts on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from '../canary/cli/io.js';
import { runGateCommand } from '../canary/cli/gate-command.js';
import { startSyntheticsApi, type SyntheticsApiServer, type SyntheticsScenario } from './support/synthetics-api-server.js';

const CANARY = 'zooid-test-deploy';
const FAST = ['--wait', '3', '--poll', '0.02'];
const SAVED_ENV = { ...process.env };

let server: SyntheticsApiServer | undefined;

beforeEach(() => {
  // Only what the SDK's standard chain reads; no profile or instance metadata can leak in.
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  process.env = { ...SAVED_ENV };
});

async function gate(scenario: SyntheticsScenario, args: string[]) {
  server = await startSyntheticsApi(scenario);
  process.env.AWS_ENDPOINT_URL = server.url;
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: process.env };
  const started = Date.now();
  const code = await runGateCommand(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), elapsedMs: Date.now() - started, calls: server.calls };
}

describe('gate against a local Synthetics', () => {
  it('exits 0 when the run goes RUNNING then PASSED, and prints state and duration', async () => {
    const r = await gate(
      { canaries: { [CANARY]: { runSteps: [{ state: 'RUNNING' }, { state: 'RUNNING' }, { state: 'PASSED' }] } } },
      ['--canary', CANARY, ...FAST],
    );
    expect(r.code).toBe(ExitCode.pass);
    expect(r.stdout).toContain(`gate: started ${CANARY}`);
    expect(r.stdout).toContain('gate: run run-1 RUNNING');
    expect(r.stdout).toMatch(new RegExp(`^PASSED canary=${CANARY} run=run-1 duration=\\d+\\.\\ds$`, 'm'));
    expect(r.stderr).toBe('');
    // Signed requests, the paths and body the real API takes.
    expect(r.calls.every((c) => c.signed && c.canary === CANARY)).toBe(true);
    expect(r.calls.filter((c) => c.operation === 'StartCanary')).toHaveLength(1);
    expect(JSON.parse(r.calls.find((c) => c.operation === 'GetCanaryRuns')!.body)).toEqual({ MaxResults: 100 });
  });

  it("exits 1 when the run FAILED and prints Synthetics' reason", async () => {
    const reason = 'restricted: you are not a member of that group';
    const r = await gate(
      { canaries: { [CANARY]: { runSteps: [{ state: 'RUNNING' }, { state: 'FAILED', reason }] } } },
      ['--canary', CANARY, ...FAST],
    );
    expect(r.code).toBe(ExitCode.fail);
    expect(r.stdout).toMatch(new RegExp(`^FAILED canary=${CANARY} run=run-1 duration=\\d+\\.\\ds reason="${reason}"$`, 'm'));
  });

  it('exits 1 with TIMEOUT when the run never finishes, within about --wait', async () => {
    const r = await gate({ canaries: { [CANARY]: { runSteps: [{ state: 'RUNNING' }] } } }, ['--canary', CANARY, '--wait', '0.5', '--poll', '0.05']);
    expect(r.code).toBe(ExitCode.fail);
    expect(r.stdout).toMatch(/^TIMEOUT canary=zooid-test-deploy run=run-1 duration=-: the run did not finish in 0.5 s\. Raise --wait/m);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(450);
    expect(r.elapsedMs).toBeLessThan(3_000);
  });

  it('judges the run it started, not older ones: an earlier PASSED run does not pass a failing deploy', async () => {
    const r = await gate(
      {
        canaries: {
          [CANARY]: {
            // One run from a minute ago and one from a second ago (inside the clock-skew allowance).
            history: [
              { id: 'old-recent', state: 'PASSED', startedSecondsAgo: 1, durationSeconds: 0.5 },
              { id: 'old', state: 'PASSED', startedSecondsAgo: 60 },
            ],
            hiddenPolls: 2,
            runSteps: [{ state: 'FAILED', reason: 'timeout waiting for OK' }],
          },
        },
      },
      ['--canary', CANARY, ...FAST],
    );
    expect(r.code).toBe(ExitCode.fail);
    expect(r.stdout).toContain('FAILED canary=zooid-test-deploy run=run-1');
    expect(r.stdout).not.toContain('old');
  });

  it('waits while the canary is busy (ConflictException), then starts a fresh run', async () => {
    const r = await gate({ canaries: { [CANARY]: { busyStarts: 2, runSteps: [{ state: 'PASSED' }] } } }, ['--canary', CANARY, ...FAST]);
    expect(r.code).toBe(ExitCode.pass);
    expect(r.stdout.match(/is busy/g)).toHaveLength(2);
    expect(r.calls.filter((c) => c.operation === 'StartCanary')).toHaveLength(3);
  });

  it('exits 1 when the canary stays busy for the whole wait', async () => {
    const r = await gate({ canaries: { [CANARY]: { busyStarts: 1_000, runSteps: [{ state: 'PASSED' }] } } }, ['--canary', CANARY, '--wait', '0.3', '--poll', '0.05']);
    expect(r.code).toBe(ExitCode.fail);
    expect(r.stdout).toContain('TIMEOUT canary=zooid-test-deploy: the canary stayed busy for 0.3 s');
  });

  it('exits 2 and says which output to pass when the canary does not exist', async () => {
    const r = await gate({ canaries: {} }, ['--canary', 'no-such-canary', ...FAST]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('no canary named no-such-canary in eu-west-1');
    expect(r.stderr).toContain('DeployCanaryName');
    expect(r.stderr).toContain('ResourceNotFoundException');
    expect(r.calls.filter((c) => c.operation === 'StartCanary')).toHaveLength(0);
  });

  it('exits 2 and names the missing permissions when access is denied', async () => {
    const r = await gate({ canaries: { [CANARY]: { runSteps: [] } }, denyAll: true }, ['--canary', CANARY, '--region', 'eu-central-1', ...FAST]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('synthetics:StartCanary and synthetics:GetCanaryRuns');
    expect(r.stderr).toContain('in eu-central-1');
    expect(r.stderr).toContain('AccessDeniedException');
  });

  it('exits 2 without calling AWS when the region is missing', async () => {
    delete process.env.AWS_REGION;
    const r = await gate({ canaries: { [CANARY]: { runSteps: [] } } }, ['--canary', CANARY, ...FAST]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('pass --region or set AWS_REGION');
    expect(r.calls).toHaveLength(0);
  });
});

describe('gate usage', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l), env: {} } satisfies CliIo };
  };

  it('--help documents every flag and exits 0', async () => {
    const { out, io: cli } = io();
    expect(await runGateCommand(['--help'], cli)).toBe(ExitCode.pass);
    for (const flag of ['--canary', '--region', '--wait', '--poll', '--help']) expect(out.join('\n')).toContain(flag);
  });

  it.each([
    [[], '--canary is required'],
    [['--canary', CANARY, '--wait', 'soon'], '--wait must be'],
    [['--canary', CANARY, '--wait', '4000'], '--wait must be'],
    [['--canary', CANARY, '--poll', '0'], '--poll must be'],
    [['--canary', CANARY, '--region', 'Mars'], '--region "Mars"'],
    [['--canary', CANARY, '--bogus'], "Unknown option '--bogus'"],
  ])('exits 2 for %j', async (args, words) => {
    const { err, io: cli } = io();
    expect(await runGateCommand(args, cli)).toBe(ExitCode.usage);
    expect(err.join('\n')).toContain(words);
  });
});
