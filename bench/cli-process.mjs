/**
 * The CLI as a whole process (start, probe, exit) against the floor as a whole process, alternating, on the
 * same relay. The comparison is like with like: when the CLI can turn read-back and clean-up off it runs the
 * floor's lean flow; when it cannot (yet), the floor also reads back and deletes. Then a census of the modules
 * each kind of CLI run loads: a plain run must load no AWS SDK code, a --secret-id run (the control) does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUP } from './canary.mjs';
import { closedPort } from './closed-port.mjs';
import { GOALS } from './goals.mjs';
import { ratio, spread } from './format.mjs';
import { timeProcess } from './process-timing.mjs';
import { median, summary } from './stats.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(REPO_ROOT, 'dist/cli/main.js');
const FLOOR_PROCESS = fileURLToPath(new URL('./floor-process.mjs', import.meta.url));
const CENSUS_PRELOAD = fileURLToPath(new URL('./module-census.mjs', import.meta.url));
const WARM_UP_PAIRS = 2;
const PROCESS_PAIRS = 15;
const AWS_MODULE = /\/node_modules\/@(aws-sdk|smithy|aws-crypto)\//;

export async function measureCliProcess({ host, key }) {
  const [url] = await host.start(1, [GROUP], key.pubkey);
  const help = (await timeProcess(process.execPath, [CLI, '--help'])).stdout;
  const canTurnOff = help.includes('--no-readback') && help.includes('--no-cleanup');
  const env = { ...process.env, CANARY_SECRET_KEY: key.hex };
  const cliArgs = [CLI, '--relay', url, '--group', GROUP, '--timeout', '10', '--json', ...(canTurnOff ? ['--no-readback', '--no-cleanup'] : [])];
  const floorArgs = [FLOOR_PROCESS, url, GROUP, ...(canTurnOff ? [] : ['full'])];
  const cliWall = [];
  const floorWall = [];
  try {
    for (let i = 0; i < WARM_UP_PAIRS + PROCESS_PAIRS; i++) {
      const cli = await timeProcess(process.execPath, cliArgs, { env });
      const floor = await timeProcess(process.execPath, floorArgs, { env });
      if (!JSON.parse(cli.stdout).ok) throw new Error(`the CLI run failed: ${cli.stdout}`);
      if (i >= WARM_UP_PAIRS) {
        cliWall.push(cli.wallMs);
        floorWall.push(floor.wallMs);
      }
    }
    const census = await awsModuleCensus(cliArgs, env);
    const processRatio = median(cliWall) / median(floorWall);
    const flow = canTurnOff ? 'lean flow (--no-readback --no-cleanup)' : 'full flow: the CLI has no --no-readback/--no-cleanup yet, so the floor also reads back and deletes';
    return [
      { metric: `floor process, ${canTurnOff ? 'lean' : 'full'} flow`, measured: spread(summary(floorWall)) },
      { metric: 'CLI process (start, probe, exit)', measured: spread(summary(cliWall)) },
      { metric: `CLI / floor process, ${flow}`, measured: ratio(processRatio), goal: `<= ${GOALS.cliToFloorProcess}x`, ok: processRatio <= GOALS.cliToFloorProcess },
      {
        metric: 'AWS SDK modules loaded by a plain CLI run',
        measured: `${census.plain} (a --secret-id run loads ${census.secretId})`,
        goal: '0',
        ok: census.plain === 0 && census.secretId > 0,
      },
    ];
  } finally {
    await host.stopAll();
  }
}

/**
 * Counts AWS SDK modules resolved by a plain run, and by a --secret-id run pointed at a closed loopback port
 * with dummy credentials: the control that shows the census would see them, without leaving this machine.
 */
async function awsModuleCensus(cliArgs, env) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zooid-canary-census-'));
  try {
    const count = async (args, extraEnv, exitCodes) => {
      const file = path.join(dir, `census-${Math.random().toString(36).slice(2)}.txt`);
      await timeProcess(process.execPath, ['--import', CENSUS_PRELOAD, ...args], { env: { ...env, ...extraEnv, BENCH_MODULE_CENSUS: file }, exitCodes });
      const urls = new Set(readFileSync(file, 'utf8').split('\n'));
      return [...urls].filter((url) => AWS_MODULE.test(url)).length;
    };
    const plain = await count(cliArgs, {}, [0]);
    const offline = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${await closedPort()}`,
      AWS_MAX_ATTEMPTS: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const secretIdArgs = [...cliArgs.filter((arg) => arg !== '--no-readback' && arg !== '--no-cleanup'), '--secret-id', 'bench-canary-key'];
    // Exit 1: the secret could not be read (nothing listens there), the verdict says so.
    const secretId = await count(secretIdArgs, offline, [1]);
    return { plain, secretId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
