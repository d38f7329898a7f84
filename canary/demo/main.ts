import { parseArgs } from 'node:util';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { signerFor } from '../core/canary-events.js';
import { runProbe } from '../core/probe.js';
import { resolveProbeConfig } from '../core/probe-config.js';
import { humanVerdictLine, jsonVerdictLine } from '../cli/verdict-format.js';
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
    const config = resolveProbeConfig({ relayUrl: relay.url, group: scenario.group, timeoutMs: Number(values.timeout) * 1000 });
    if (!config.ok) throw new Error(config.problems.join('; '));
    const verdict = await runProbe(config.value, { sign: signerFor(secretKey) });
    console.log(values.json ? jsonVerdictLine(verdict) : humanVerdictLine(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    await relay.close();
  }
}

process.exitCode = await demo();
