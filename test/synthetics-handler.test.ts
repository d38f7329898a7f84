/**
 * The bundled Synthetics handler, loaded from the unpacked zip, against moto_server (Secrets Manager and
 * CloudWatch over HTTP) and the local zooid-like relay. Everything is on loopback.
 */
import { nsecEncode } from 'nostr-tools/nip19';
import { bytesToHex } from 'nostr-tools/utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../canary/core/verdict.js';
import { PHASES } from '../canary/core/vocabulary.js';
import { DEFAULT_METRIC_NAMESPACE, MetricName, PHASE_LATENCY_METRIC } from '../canary/metrics/definitions.js';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { runHandler } from './support/canary-run.js';
import { motoClients } from './support/moto-clients.js';
import { logRequestsTo, type MotoRequestLog } from './support/moto-request-log.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from './support/moto-server.js';
import { expectNoConnectionLeft, GROUP, relayWithMember } from './support/probe-fixture.js';
import { stallingEndpoint } from './support/stalling-endpoint.js';
import { buildAndUnpack, type UnpackedCanary } from './support/synthetics-zip.js';

const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';
const PUT_METRIC_DATA = 'GraniteServiceVersion20100801.PutMetricData';
const NOT_A_MEMBER = 'restricted: you are not a member of that group';
const CANARY_VARIABLES = ['RELAY_URL', 'GROUP_ID', 'SECRET_ID', 'TIMEOUT_SECONDS', 'METRIC_NAMESPACE', 'TRIGGER'];

let moto: Moto;
let requestLog: MotoRequestLog;
let canary: UnpackedCanary;
let relay: LocalRelay;
let aws: ReturnType<typeof motoClients>;
let hexKey: string;
let nsec: string;
let dimensions: Record<string, string>;
let namespaceCount = 0;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const [started, unpacked, fixture] = await Promise.all([startMoto(), buildAndUnpack(), relayWithMember()]);
  moto = started;
  canary = unpacked;
  relay = fixture.relay;
  hexKey = bytesToHex(fixture.secretKey);
  nsec = nsecEncode(fixture.secretKey);
  dimensions = { Relay: `127.0.0.1:${relay.port}`, Group: GROUP };
  requestLog = await logRequestsTo(moto.endpoint);
  aws = motoClients(moto.endpoint);
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  // The handler sees only the SDK's standard variables: dummy credentials, a region, one endpoint for all (and,
  // on the Node 20 used here, silence for the notice that the SDK's 2027 releases need Node 22).
  Object.assign(process.env, MOTO_CREDENTIALS, { AWS_ENDPOINT_URL: requestLog.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
});

afterAll(async () => {
  process.env = savedEnv;
  aws?.destroy();
  await Promise.all([relay?.close(), requestLog?.close(), moto?.stop()]);
  canary?.remove();
});

beforeEach(() => {
  relay.faults = {};
  relay.store.coldMembershipCache.clear();
  delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  for (const name of CANARY_VARIABLES) delete process.env[name];
  canary.standIn.steps.length = 0;
  canary.standIn.touched.length = 0;
});

/** Points the canary at the relay with a fresh secret holding `secretValue`, and its own metric namespace. */
async function arrange(secretValue: string = hexKey): Promise<{ namespace: string; secretId: string }> {
  const namespace = `ZooidCanaryTest/${++namespaceCount}`;
  const secretId = await aws.createSecret(secretValue);
  Object.assign(process.env, { RELAY_URL: relay.url, GROUP_ID: GROUP, SECRET_ID: secretId, METRIC_NAMESPACE: namespace, TIMEOUT_SECONDS: '5' });
  return { namespace, secretId };
}

function expectedLatencyMetrics(verdict: Verdict): string[] {
  const completed = PHASES.filter((phase) => verdict.timings[`${phase}Ms` as keyof Verdict['timings']] !== null);
  return [...completed.map((phase) => PHASE_LATENCY_METRIC[phase]), ...(verdict.ok ? [MetricName.Latency] : [])];
}

describe('the Synthetics handler from the zip, against moto and the local relay', () => {
  it('passes: one step, one verdict line, one PutMetricData call with Success 1 and every completed latency', async () => {
    await arrange();
    delete process.env.METRIC_NAMESPACE; // the default namespace, used by this test only
    const putsBefore = requestLog.count(PUT_METRIC_DATA);

    const run = await runHandler(canary.handler);

    expect(run.error).toBeNull();
    expect(run.verdicts).toHaveLength(1);
    const verdict = run.verdicts[0] as unknown as Verdict;
    expect(verdict).toMatchObject({ ok: true, reason: null, relay: relay.url, group: GROUP });
    expect(canary.standIn.steps.map(({ name, passed }) => ({ name, passed }))).toEqual([{ name: `probe 127.0.0.1:${relay.port}`, passed: true }]);
    expect(requestLog.count(PUT_METRIC_DATA) - putsBefore).toBe(1);

    expect(await aws.stats(DEFAULT_METRIC_NAMESPACE, MetricName.Success, dimensions)).toEqual({ sum: 1, count: 1 });
    expect(await aws.stats(DEFAULT_METRIC_NAMESPACE, MetricName.Latency, dimensions)).toEqual({ sum: verdict.timings.totalMs, count: 1 });
    const latencies = expectedLatencyMetrics(verdict);
    expect(latencies).toEqual(expect.arrayContaining([MetricName.ConnectLatency, MetricName.AuthLatency, MetricName.PublishLatency]));
    for (const metric of latencies) expect(await aws.stats(DEFAULT_METRIC_NAMESPACE, metric, dimensions), metric).toMatchObject({ count: 1 });
    expect(await aws.series(DEFAULT_METRIC_NAMESPACE)).toEqual([MetricName.Success, ...latencies].map((name) => `${name}[Relay,Group]`).sort());
    await expectNoConnectionLeft(relay);
  });

  it("fails a refused member: throws with the relay's words, Success 0, Failure with Reason rejected", async () => {
    const { namespace } = await arrange();
    relay.store.coldMembershipCache.add(GROUP);

    const run = await runHandler(canary.handler);

    expect(run.error?.name).toBe('CanaryRunFailed');
    expect(run.error?.message).toContain(`rejected in publish at 127.0.0.1:${relay.port} group ${GROUP}: ${NOT_A_MEMBER}`);
    expect(run.error?.message).toContain('(scheduled run)');
    expect(run.verdicts).toMatchObject([{ ok: false, reason: 'rejected', phase: 'publish', message: NOT_A_MEMBER }]);
    expect(canary.standIn.steps).toMatchObject([{ passed: false }]);
    expect(await aws.stats(namespace, MetricName.Success, dimensions)).toEqual({ sum: 0, count: 1 });
    expect(await aws.stats(namespace, MetricName.Failure, { ...dimensions, Reason: 'rejected' })).toEqual({ sum: 1, count: 1 });
    expect(await aws.stats(namespace, MetricName.PublishLatency, dimensions)).toEqual({ sum: 0, count: 0 });
    expect(await aws.stats(namespace, MetricName.Latency, dimensions)).toEqual({ sum: 0, count: 0 });
    expect(await aws.stats(namespace, MetricName.ConnectLatency, dimensions)).toMatchObject({ count: 1 });
    await expectNoConnectionLeft(relay);
  });

  it('probes several groups in one step over one connection, and fails naming only the group that failed', async () => {
    const { namespace } = await arrange();
    relay.store.createGroup('second', { closed: true }, relay.store.identity.selfPubkey);
    relay.store.addMember('second', [...relay.store.groups.get(GROUP)!.members].find((member) => member !== relay.store.identity.selfPubkey)!);
    relay.store.coldMembershipCache.add('second');
    process.env.GROUP_ID = `${GROUP},second`;
    const authsBefore = relay.received.get('AUTH') ?? 0;

    const run = await runHandler(canary.handler);

    expect(run.verdicts.map((v) => [(v as unknown as Verdict).group, (v as unknown as Verdict).ok])).toEqual([[GROUP, true], ['second', false]]);
    expect(run.error?.message).toContain(`rejected in publish at 127.0.0.1:${relay.port} group second: ${NOT_A_MEMBER}`);
    expect(run.error?.message).not.toContain(`group ${GROUP}:`);
    expect(canary.standIn.steps.map(({ name, passed }) => ({ name, passed }))).toEqual([{ name: `probe 127.0.0.1:${relay.port}`, passed: false }]);
    expect((relay.received.get('AUTH') ?? 0) - authsBefore).toBe(1);
    expect(await aws.stats(namespace, MetricName.Success, dimensions)).toEqual({ sum: 1, count: 1 });
    expect(await aws.stats(namespace, MetricName.Success, { ...dimensions, Group: 'second' })).toEqual({ sum: 0, count: 1 });
    relay.store.groups.delete('second');
  });

  it('fails with reason secret, naming the AWS error, when the secret does not exist; the relay is never contacted', async () => {
    const { namespace } = await arrange();
    process.env.SECRET_ID = 'zooid-canary/test/no-such-secret';

    const run = await runHandler(canary.handler);

    expect(run.error?.message).toMatch(/^secret at 127\.0\.0\.1:\d+ group canary: Secrets Manager refused GetSecretValue for "zooid-canary\/test\/no-such-secret": ResourceNotFoundException: /);
    expect(run.verdicts).toMatchObject([{ ok: false, reason: 'secret', phase: null }]);
    expect(canary.standIn.steps).toEqual([]);
    expect(await aws.stats(namespace, MetricName.Success, dimensions)).toEqual({ sum: 0, count: 1 });
    expect(await aws.stats(namespace, MetricName.Failure, { ...dimensions, Reason: 'secret' })).toEqual({ sum: 1, count: 1 });
    expect(await aws.series(namespace)).toEqual(['Failure[Relay,Group,Reason]', 'Success[Relay,Group]']);
  });

  it('fails with reason config when the secret holds something that is not a key, without quoting it', async () => {
    const value = 'hunter2-is-not-a-nostr-key';
    const { namespace, secretId } = await arrange(value);

    const run = await runHandler(canary.handler);

    expect(run.error?.message).toContain(`config at 127.0.0.1:${relay.port} group ${GROUP}: the value of secret "${secretId}" is not a usable secret key`);
    expect(run.verdicts).toMatchObject([{ ok: false, reason: 'config' }]);
    expect(canary.standIn.steps).toEqual([]);
    expect(await aws.stats(namespace, MetricName.Failure, { ...dimensions, Reason: 'config' })).toEqual({ sum: 1, count: 1 });
    expect([run.error?.message, ...run.output].join('\n')).not.toContain(value);
  });

  it('reads a JSON secret {"seckey": "nsec1..."}', async () => {
    await arrange(JSON.stringify({ seckey: nsec }));
    const run = await runHandler(canary.handler);
    expect(run.error).toBeNull();
    expect(run.verdicts).toMatchObject([{ ok: true }]);
  });

  it('reads the secret once per container: a warm second run makes no GetSecretValue call', async () => {
    await arrange();
    const before = requestLog.count(GET_SECRET_VALUE);

    const first = await runHandler(canary.handler);
    const second = await runHandler(canary.handler);

    expect([first.error, second.error]).toEqual([null, null]);
    expect(requestLog.count(GET_SECRET_VALUE) - before).toBe(1);
  });

  it('reads the secret again after the relay refused the cached key (it may have been rotated)', async () => {
    await arrange();
    const before = requestLog.count(GET_SECRET_VALUE);
    await runHandler(canary.handler);
    relay.store.coldMembershipCache.add(GROUP);
    const refused = await runHandler(canary.handler);
    relay.store.coldMembershipCache.clear();
    const after = await runHandler(canary.handler);

    expect(refused.verdicts).toMatchObject([{ reason: 'rejected' }]);
    expect(after.error).toBeNull();
    expect(requestLog.count(GET_SECRET_VALUE) - before).toBe(2);
  });

  it('reports every unusable variable at once, with reason config, and calls nothing', async () => {
    const { namespace } = await arrange();
    delete process.env.SECRET_ID;
    Object.assign(process.env, { TIMEOUT_SECONDS: 'ten', TRIGGER: 'hourly' });
    const secretReads = requestLog.count(GET_SECRET_VALUE);

    const run = await runHandler(canary.handler);

    expect(run.error?.message).toMatch(/^config: the canary's environment variables are unusable:\n/);
    for (const variable of ['TIMEOUT_SECONDS', 'SECRET_ID is missing', 'TRIGGER "hourly"']) expect(run.error?.message).toContain(variable);
    expect(requestLog.count(GET_SECRET_VALUE)).toBe(secretReads);
    expect(canary.standIn.steps).toEqual([]);
    expect(await aws.stats(namespace, MetricName.Failure, { ...dimensions, Reason: 'config' })).toEqual({ sum: 1, count: 1 });
  });

  it('keeps the verdict when CloudWatch hangs: the metrics call is abandoned at its deadline and logged', async () => {
    await arrange();
    const cloudWatch = await stallingEndpoint();
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudWatch.endpoint;
    const handler = canary.createHandler({ metricsDeadlineMs: 300 });
    try {
      const pass = await runHandler(handler);
      expect(pass.error).toBeNull();
      expect(pass.verdicts).toMatchObject([{ ok: true }]);
      expect(pass.output.join('\n')).toContain('metrics not published (the verdict stands): CloudWatch did not accept PutMetricData within 0.3 s');
      const probeMs = (pass.verdicts[0] as unknown as Verdict).timings.totalMs;
      expect(pass.wallMs).toBeLessThan(probeMs + 300 + 1_500);

      relay.store.coldMembershipCache.add(GROUP);
      const fail = await runHandler(handler);
      expect(fail.error?.message).toContain(NOT_A_MEMBER);
      expect(fail.verdicts).toMatchObject([{ reason: 'rejected' }]);
      expect(cloudWatch.requests).toHaveLength(2);
      await expectNoConnectionLeft(relay);
    } finally {
      await cloudWatch.close();
    }
  });

  it('sends PutMetricData as awsJson1_0, which moto reads (moto has no CBOR): a CloudWatch client upgrade must keep this', async () => {
    await arrange();
    const from = requestLog.requests.length;
    await runHandler(canary.handler);
    const puts = requestLog.requests.slice(from).filter((request) => request.target === PUT_METRIC_DATA);
    expect(puts, 'the bundled @aws-sdk/client-cloudwatch no longer sends X-Amz-Target GraniteServiceVersion20100801.PutMetricData; pin a version that speaks awsJson1_0').toHaveLength(1);
    expect(puts[0]?.headers['content-type'], 'PutMetricData is no longer JSON (smithy-rpc-v2-cbor?): moto cannot read it; pin @aws-sdk/client-cloudwatch back').toBe(
      'application/x-amz-json-1.0',
    );
  });

  it('calls nothing of the Synthetics library but executeStep', async () => {
    await arrange();
    await runHandler(canary.handler);
    relay.store.coldMembershipCache.add(GROUP);
    await runHandler(canary.handler);
    expect(canary.standIn.touched.length).toBeGreaterThan(0);
    expect(new Set(canary.standIn.touched)).toEqual(new Set(['executeStep']));
  });

  it('never shows the key (hex or nsec): not in logs, errors, metric requests or the zip', async () => {
    const texts: string[] = [];
    const from = requestLog.requests.length;
    for (const secretValue of [hexKey, JSON.stringify({ seckey: nsec })]) {
      await arrange(secretValue);
      relay.store.coldMembershipCache.clear();
      const pass = await runHandler(canary.handler);
      relay.store.coldMembershipCache.add(GROUP);
      const fail = await runHandler(canary.handler);
      for (const run of [pass, fail]) texts.push(...run.output, run.error?.message ?? '', run.error?.stack ?? '');
    }
    const metricRequests = requestLog.requests.slice(from).filter((request) => request.target === PUT_METRIC_DATA);
    expect(metricRequests.length).toBe(4);
    texts.push(...metricRequests.map((request) => request.body));
    texts.push(canary.zip.toString('latin1'), ...Object.values(canary.entries).map((bytes) => Buffer.from(bytes).toString('utf8')));
    const everything = texts.join('\n');
    for (const secret of [hexKey, hexKey.toUpperCase(), nsec]) expect(everything.includes(secret)).toBe(false);
  });
});
