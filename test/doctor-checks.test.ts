import { describe, expect, it } from 'vitest';
import { diagnose, DoctorCheck } from '../canary/setup/doctor-checks.js';
import type { DoctorFacts, MetadataEvent } from '../canary/setup/doctor-facts.js';
import { GroupKind } from '../canary/setup/group-kinds.js';

const SELF = 'a'.repeat(64);
const CANARY = 'c'.repeat(64);
const ADMIN = 'd'.repeat(64);
const GROUP = 'canary';

const event = (kind: number, tags: string[][], pubkey = SELF, created_at = 100): MetadataEvent => ({ kind, pubkey, created_at, tags: [['d', GROUP], ...tags] });
const healthyMetadata = [
  event(GroupKind.metadata, [['name', 'canary'], ['closed']]),
  event(GroupKind.admins, [['p', ADMIN, 'admin']]),
  event(GroupKind.members, [['p', ADMIN], ['p', CANARY]]),
];

function facts(overrides: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    relayUrl: 'wss://relay.example.com',
    group: GROUP,
    canaryPubkey: CANARY,
    relayDocument: { served: true, url: 'https://relay.example.com/', self: SELF, supportedNips: ['29', '42'], software: 'zooid 1.0' },
    reading: { outcome: 'read', metadata: healthyMetadata },
    ...overrides,
  };
}

const statusOf = (report: ReturnType<typeof diagnose>) => Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
const check = (report: ReturnType<typeof diagnose>, name: DoctorCheck) => report.checks.find((c) => c.check === name);

describe('diagnose: can this canary detect a membership regression?', () => {
  it('passes a plain member of a closed group, every check ok, in the documented order, with the relay-admin caveat', () => {
    const report = diagnose(facts());
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual(Object.values(DoctorCheck));
    expect(report.checks.every((c) => c.status === 'ok' && c.next === null)).toBe(true);
    expect(report.summary).toMatch(/^PASS: /);
    expect(report.caveats.join(' ')).toMatch(/relay admins are not listed in group metadata/);
  });

  it('fails as blind for an open group', () => {
    const report = diagnose(facts({ reading: { outcome: 'read', metadata: [event(GroupKind.metadata, []), ...healthyMetadata.slice(1)] } }));
    expect(report.ok).toBe(false);
    expect(check(report, 'group-closed')).toMatchObject({ status: 'fail', blind: true });
    expect(report.summary).toBe('FAIL: this canary would pass even if the membership cache broke (group-closed)');
  });

  it('fails as blind when the canary is a group admin, and when it is the relay\'s own key', () => {
    const admin = diagnose(facts({ reading: { outcome: 'read', metadata: [healthyMetadata[0]!, event(GroupKind.admins, [['p', CANARY, 'admin']]), healthyMetadata[2]!] } }));
    expect(check(admin, 'canary-not-group-admin')).toMatchObject({ status: 'fail', blind: true });
    const self = diagnose(facts({ canaryPubkey: SELF, reading: { outcome: 'read', metadata: [healthyMetadata[0]!, healthyMetadata[1]!, event(GroupKind.members, [['p', SELF]])] } }));
    expect(check(self, 'canary-not-relay-key')).toMatchObject({ status: 'fail', blind: true });
    expect(self.ok).toBe(false);
  });

  it('fails loudly, not blind, when the canary is not a member, and says how to add it', () => {
    const report = diagnose(facts({ reading: { outcome: 'read', metadata: [...healthyMetadata.slice(0, 2), event(GroupKind.members, [['p', ADMIN]])] } }));
    const member = check(report, 'canary-member');
    expect(member).toMatchObject({ status: 'fail', blind: false });
    expect(member?.next).toContain('zooid-canary group add-member');
    expect(report.summary).toMatch(/^FAIL: canary-member: /);
  });

  it('reports a missing group and leaves what depends on it unchecked', () => {
    const report = diagnose(facts({ reading: { outcome: 'read', metadata: [] } }));
    expect(statusOf(report)).toMatchObject({ 'group-exists': 'fail', 'group-closed': 'unknown', 'canary-member': 'unknown', 'canary-not-group-admin': 'unknown', 'canary-not-relay-key': 'ok' });
    expect(check(report, 'group-exists')?.next).toContain('zooid-canary group create');
  });

  it('trusts only metadata signed by the relay\'s own key, and the newest version of each kind', () => {
    const forged = [event(GroupKind.metadata, [['closed']], CANARY)];
    expect(check(diagnose(facts({ reading: { outcome: 'read', metadata: forged } })), 'group-exists')?.finding).toMatch(/1 event\(s\) from other keys ignored/);
    const reopened = [...healthyMetadata, event(GroupKind.metadata, [['name', 'canary']], SELF, 200)];
    expect(check(diagnose(facts({ reading: { outcome: 'read', metadata: reopened } })), 'group-closed')?.status).toBe('fail');
  });

  it('fails the auth check with the relay\'s words and leaves the metadata unchecked', () => {
    const report = diagnose(facts({ reading: { outcome: 'auth-refused', problem: 'error: failed to authenticate: invalid signature' } }));
    expect(check(report, 'auth')).toMatchObject({ status: 'fail', finding: expect.stringContaining('error: failed to authenticate: invalid signature') });
    expect(statusOf(report)).toMatchObject({ 'group-exists': 'unknown', 'canary-member': 'unknown' });
    expect(report.ok).toBe(false);
  });

  it('fails without a NIP-11 document, and cannot then rule out the relay\'s own key', () => {
    const report = diagnose(facts({ relayDocument: { served: false, url: 'https://relay.example.com/', problem: 'HTTP 404 for GET with Accept: application/nostr+json' } }));
    expect(statusOf(report)).toMatchObject({ 'relay-document': 'fail', 'canary-not-relay-key': 'unknown', 'group-closed': 'ok' });
    expect(check(report, 'relay-document')?.finding).toContain('HTTP 404');
    expect(report.ok).toBe(false);
  });
});
