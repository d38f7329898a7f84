import { parseArgs } from 'node:util';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { resolveCanaryConfig } from '../core/canary-config.js';
import { signerFor } from '../core/canary-events.js';
import { runCanary } from '../core/canary-run.js';
import { humanRunLines, jsonVerdictLine } from '../cli/verdict-format.js';
import { startLocalRelay } from '../relay/local-relay.js';
import { SCENARIOS } from './scenarios.js';

/**
 * `npm start`: the real probe against a zooid-like relay on 127.0.0.1, with a fresh key, no AWS and no
 * network. `npm start -- --scenario cold-cache` shows what the canary says when a member is refused.
 */
const USAGE = `Usage: npm start -- [--scenario <name>] [--timeout <seconds>] [--json]

Scenarios:
${Object.entries(SCENARIOS)
  .map(([name, s]) => `  ${name.padEnd(14)} ${s.description}`)
  .join('\n')}`;

async function demo(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'pass' },
      timeout: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const scenario = SCENARIOS[values.scenario];
  if (values.help || scenario === undefined) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const secretKey = generateSecretKey();
  const relay = await startLocalRelay();
  try {
    scenario.arrange(relay, scenario.group, getPublicKey(secretKey));
    console.error(`local zooid-like relay at ${relay.url}; scenario "${values.scenario}": ${scenario.description}`);
    const config = resolveCanaryConfig({ relays: [relay.url], groups: [scenario.group], timeoutMs: Number(values.timeout) * 1000 });
    if (!config.ok) throw new Error(config.problems.join('; '));
    const run = await runCanary(config.value, { sign: signerFor(secretKey) });
    for (const line of values.json ? run.verdicts.map(jsonVerdictLine) : humanRunLines(run)) console.log(line);
    return run.ok ? 0 : 1;
  } finally {
    await relay.close();
  }
}

process.exitCode = await demo();
