/** The probe as the bench runs it: the compiled core from dist/, one throwaway key, one group name. */
import { bytesToHex } from 'nostr-tools/utils';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { signerFor } from '../dist/core/canary-events.js';
import { resolveCanaryConfig } from '../dist/core/canary-config.js';
import { runCanary } from '../dist/core/canary-run.js';

export const GROUP = 'bench';

/** A fresh canary key; the relay host makes its public key a plain member of every group. */
export function benchKey() {
  const secretKey = generateSecretKey();
  return { secretKey, hex: bytesToHex(secretKey), pubkey: getPublicKey(secretKey) };
}

/** A resolved CanaryConfig; the bench only builds valid ones, so a problem is a bug here. */
export function canaryConfig(input) {
  const resolved = resolveCanaryConfig(input);
  if (!resolved.ok) throw new Error(`bench config: ${resolved.problems.join('; ')}`);
  return resolved.value;
}

/** Runs the canary and insists it passed: a failing run is quicker and would flatter the probe. */
export async function passingRun(config, sign) {
  const run = await runCanary(config, { sign });
  if (!run.ok) throw new Error(`bench expected a passing run: ${run.summary}`);
  return run;
}

export { runCanary, signerFor };
