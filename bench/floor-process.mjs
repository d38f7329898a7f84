/**
 * The floor as a whole process, to hold the CLI against: `node bench/floor-process.mjs <relay> <group> [full]`
 * with the key (64 hex) in CANARY_SECRET_KEY, as the CLI reads it. Exits 0 when the relay accepted.
 */
import { hexToBytes } from 'nostr-tools/utils';
import { floorRun } from './floor.mjs';

const [relayUrl, group, mode] = process.argv.slice(2);
const accepted = await floorRun(relayUrl, group, hexToBytes(process.env.CANARY_SECRET_KEY), { full: mode === 'full' });
process.exitCode = accepted ? 0 : 1;
