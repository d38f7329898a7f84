import { describe, expect, it } from 'vitest';
import { readCanaryEnvironment } from '../canary/synthetics/canary-environment.js';

const VALID = { RELAY_URL: 'wss://relay.example.com', GROUP_ID: 'canary', SECRET_ID: 'zooid-canary/prod/nostr-key' };

describe('readCanaryEnvironment', () => {
  it('applies the documented defaults', () => {
    const environment = readCanaryEnvironment(VALID);
    expect(environment).toMatchObject({
      ok: true,
      config: {
        secretId: VALID.SECRET_ID,
        metricNamespace: 'ZooidCanary',
        trigger: 'scheduled',
        canary: { relays: [VALID.RELAY_URL], groups: ['canary'], timeoutMs: 10_000, readback: true, cleanup: true, certFloorDays: 7 },
      },
    });
  });

  it('reads every variable, trimming blanks', () => {
    const environment = readCanaryEnvironment({
      RELAY_URL: ' ws://127.0.0.1:7447 , wss://relay.example.com',
      GROUP_ID: 'g1,g2',
      READBACK: 'false',
      CLEANUP: 'no',
      CERT_FLOOR_DAYS: '3',
      SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zooid-AbCdEf',
      TIMEOUT_SECONDS: '2.5',
      METRIC_NAMESPACE: 'Zooid/Canary-Staging',
      TRIGGER: 'deploy',
    });
    expect(environment).toMatchObject({
      ok: true,
      config: {
        metricNamespace: 'Zooid/Canary-Staging',
        trigger: 'deploy',
        canary: { relays: ['ws://127.0.0.1:7447', 'wss://relay.example.com'], groups: ['g1', 'g2'], timeoutMs: 2_500, readback: false, cleanup: false, certFloorDays: 3 },
      },
    });
  });

  it('treats a variable set to blanks as unset', () => {
    expect(readCanaryEnvironment({ ...VALID, METRIC_NAMESPACE: '  ', TRIGGER: '' })).toMatchObject({ ok: true, config: { metricNamespace: 'ZooidCanary', trigger: 'scheduled' } });
  });

  it('reports every problem at once, each naming its variable', () => {
    const environment = readCanaryEnvironment({ RELAY_URL: 'https://relay.example.com', TIMEOUT_SECONDS: '0', METRIC_NAMESPACE: 'AWS/Lambda', TRIGGER: 'cron' });
    expect(environment.ok).toBe(false);
    if (environment.ok) return;
    expect(environment.problems).toEqual([
      'RELAY_URL "https://relay.example.com" uses https:// : use wss:// (or ws:// for a local relay)',
      expect.stringMatching(/^GROUP_ID is missing/),
      'TIMEOUT_SECONDS must be a number of seconds above 0 and at most 600',
      expect.stringMatching(/^SECRET_ID is missing/),
      expect.stringMatching(/^METRIC_NAMESPACE "AWS\/Lambda" is not a custom CloudWatch namespace/),
      'TRIGGER "cron" is unknown: use scheduled or deploy (default scheduled)',
    ]);
  });

  it('refuses READBACK, CLEANUP and CERT_FLOOR_DAYS values it cannot read, naming each', () => {
    const environment = readCanaryEnvironment({ ...VALID, READBACK: 'maybe', CLEANUP: 'off-ish', CERT_FLOOR_DAYS: 'a week' });
    expect(environment).toMatchObject({
      ok: false,
      problems: [
        'READBACK "maybe" is not true or false: use true or false, or leave it unset (default true)',
        'CLEANUP "off-ish" is not true or false: use true or false, or leave it unset (default true)',
        'CERT_FLOOR_DAYS must be a number of days, 0 or more',
      ],
    });
  });

  it('labels a config failure with every relay × group target', () => {
    expect(readCanaryEnvironment({ ...VALID, RELAY_URL: 'wss://a.example,wss://b.example', GROUP_ID: 'g1,g2', TIMEOUT_SECONDS: 'ten' })).toMatchObject({
      labels: {
        targets: [
          { relayUrl: 'wss://a.example', group: 'g1' },
          { relayUrl: 'wss://a.example', group: 'g2' },
          { relayUrl: 'wss://b.example', group: 'g1' },
          { relayUrl: 'wss://b.example', group: 'g2' },
        ],
      },
    });
  });

  it.each([['ten'], ['-1'], ['601'], ['1e3']])('refuses TIMEOUT_SECONDS=%s', (value) => {
    expect(readCanaryEnvironment({ ...VALID, TIMEOUT_SECONDS: value })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^TIMEOUT_SECONDS /)] });
  });

  it('still labels a config failure with the relay, group and namespace when those are usable', () => {
    expect(readCanaryEnvironment({ ...VALID, TIMEOUT_SECONDS: 'ten' })).toMatchObject({
      ok: false,
      labels: { targets: [{ relayUrl: VALID.RELAY_URL, group: 'canary' }], metricNamespace: 'ZooidCanary' },
    });
    expect(readCanaryEnvironment({ ...VALID, TIMEOUT_SECONDS: 'ten', METRIC_NAMESPACE: ':bad' })).toMatchObject({ ok: false, labels: null });
    expect(readCanaryEnvironment({ ...VALID, GROUP_ID: undefined })).toMatchObject({ ok: false, labels: null });
    expect(readCanaryEnvironment({ ...VALID, RELAY_URL: 'not a url' })).toMatchObject({ ok: false, labels: null });
  });
});
