import { npubEncode } from 'nostr-tools/nip19';
import type { DoctorFacts, MetadataEvent } from './doctor-facts.js';
import { GroupKind } from './group-kinds.js';

/** The doctor's checks, in the order they are reported. Part of `doctor --json`'s contract. */
export const DoctorCheck = {
  /** The relay serves its NIP-11 document (which names the relay's own key). */
  relayDocument: 'relay-document',
  /** The relay accepts NIP-42 AUTH from the canary key. */
  auth: 'auth',
  /** The relay publishes metadata (kind 39000) for the group. */
  groupExists: 'group-exists',
  /** The group is closed, so zooid checks membership on write. */
  groupClosed: 'group-closed',
  /** The canary key is in the group's member list (kind 39002). */
  canaryMember: 'canary-member',
  /** The canary key is not a group admin (kind 39001), for whom zooid skips the check. */
  canaryNotGroupAdmin: 'canary-not-group-admin',
  /** The canary key is not the relay's own key, for which zooid skips the check. */
  canaryNotRelayKey: 'canary-not-relay-key',
} as const;
export type DoctorCheck = (typeof DoctorCheck)[keyof typeof DoctorCheck];

export interface CheckResult {
  readonly check: DoctorCheck;
  /** `unknown`: could not be checked because of an earlier failure, which counts as not passing. */
  readonly status: 'ok' | 'fail' | 'unknown';
  readonly finding: string;
  /** What to do about a failure; null when ok. */
  readonly next: string | null;
  /**
   * True when this failure leaves the canary blind: it would pass even if the membership cache broke.
   * Other failures make every run fail instead, which is loud rather than silent.
   */
  readonly blind: boolean;
}

export interface DoctorReport {
  /** True only when every check passed: the canary can detect a membership regression. */
  readonly ok: boolean;
  readonly relay: string;
  readonly group: string;
  readonly pubkey: string;
  readonly checks: readonly CheckResult[];
  readonly summary: string;
  /** What the doctor cannot see, always said. */
  readonly caveats: readonly string[];
}

const BLIND = 'this canary would pass even if the membership cache broke';

/** Judges the gathered facts. Pure, so every verdict is unit-testable without a relay. */
export function diagnose(facts: DoctorFacts): DoctorReport {
  const { group, canaryPubkey: pubkey } = facts;
  const npub = npubEncode(pubkey);
  const checks: CheckResult[] = [];
  const ok = (check: DoctorCheck, finding: string) => checks.push({ check, status: 'ok', finding, next: null, blind: false });
  const fail = (check: DoctorCheck, finding: string, next: string, blind = false) => checks.push({ check, status: 'fail', finding, next, blind });
  const unknown = (check: DoctorCheck, why: string) => checks.push({ check, status: 'unknown', finding: `not checked: ${why}`, next: null, blind: false });

  const document = facts.relayDocument;
  if (document.served) {
    ok(DoctorCheck.relayDocument, `NIP-11 document served at ${document.url}${document.software === null ? '' : ` (${document.software})`}`);
  } else {
    fail(
      DoctorCheck.relayDocument,
      `no NIP-11 document at ${document.url}: ${document.problem}`,
      'zooid serves it on GET with Accept: application/nostr+json at the relay URL; check the load balancer routes that request to the relay. Without it the doctor cannot tell whether the canary key is the relay\'s own key',
    );
  }

  const reading = facts.reading;
  const metadataChecks = [DoctorCheck.groupExists, DoctorCheck.groupClosed, DoctorCheck.canaryMember, DoctorCheck.canaryNotGroupAdmin];
  if (reading.outcome === 'auth-refused' || reading.outcome === 'unreachable') {
    const finding = reading.outcome === 'auth-refused' ? `relay refused AUTH from the canary key: ${reading.problem}` : `no authenticated session: ${reading.problem}`;
    fail(
      DoctorCheck.auth,
      finding,
      reading.outcome === 'auth-refused'
        ? "give --relay exactly as the relay knows itself (wss://host, no :443, same path) and check the canary key; every run fails like this"
        : 'check the relay is up and reachable at --relay; every run fails like this',
    );
    for (const check of metadataChecks) unknown(check, 'the group metadata is read after AUTH');
  } else {
    ok(DoctorCheck.auth, `relay accepted NIP-42 AUTH from the canary key (${npub})`);
    if (reading.outcome === 'read-refused') {
      for (const check of metadataChecks) unknown(check, `the relay refused the REQ for group metadata: ${reading.problem}`);
    } else {
      judgeMetadata(reading.metadata);
    }
  }

  if (!document.served || document.self === null) {
    unknown(DoctorCheck.canaryNotRelayKey, document.served ? 'the NIP-11 document has no valid `self` key' : 'no NIP-11 document to name the relay\'s own key');
  } else if (document.self === pubkey) {
    fail(
      DoctorCheck.canaryNotRelayKey,
      `the canary key is the relay's own key (NIP-11 self): zooid skips the membership check for it, so ${BLIND}`,
      'give the canary its own key: zooid-canary keygen, then zooid-canary group add-member',
      true,
    );
  } else {
    ok(DoctorCheck.canaryNotRelayKey, "the canary key is not the relay's own key (NIP-11 self)");
  }

  function judgeMetadata(events: readonly MetadataEvent[]): void {
    const self = document.served ? document.self : null;
    // Only the relay's own key speaks for a group; when it is unknown, take what the relay served.
    const trusted = self === null ? events : events.filter((event) => event.pubkey === self);
    const newest = (kind: number) => trusted.filter((e) => e.kind === kind && tagValue(e, 'd') === group).sort((a, b) => b.created_at - a.created_at)[0];
    const metadata = newest(GroupKind.metadata);
    if (metadata === undefined) {
      const others = events.length - trusted.length;
      fail(
        DoctorCheck.groupExists,
        `the relay has no metadata (kind ${GroupKind.metadata}) for group "${group}"${others > 0 ? ` signed by its own key (${others} event(s) from other keys ignored)` : ''}: every run would be refused with "invalid: group not found"`,
        `create it with a relay admin's key: zooid-canary group create --relay ${facts.relayUrl} --group ${group}, then group add-member --pubkey ${npub}`,
      );
      for (const check of metadataChecks.slice(1)) unknown(check, 'the group has no metadata');
      return;
    }
    const signer = self === null ? "its signer unconfirmed: no NIP-11 self to compare with" : "signed by the relay's own key";
    ok(DoctorCheck.groupExists, `group "${group}" has metadata (kind ${GroupKind.metadata}, ${signer})`);

    if (metadata.tags.some((tag) => tag[0] === 'closed')) {
      ok(DoctorCheck.groupClosed, `group "${group}" is closed: zooid checks membership on every write`);
    } else {
      fail(
        DoctorCheck.groupClosed,
        `group "${group}" is not closed (its kind ${GroupKind.metadata} has no \`closed\` tag): zooid skips the membership check in open groups, so ${BLIND}`,
        'close the group (a relay admin edits its metadata to closed), or make a closed one with zooid-canary group create and point the canary there',
        true,
      );
    }

    const members = newest(GroupKind.members);
    if (members === undefined) {
      fail(DoctorCheck.canaryMember, `the relay published no member list (kind ${GroupKind.members}) for group "${group}"`, "check the relay's group data; zooid publishes the list after every membership change");
    } else if (pTagged(members, pubkey)) {
      ok(DoctorCheck.canaryMember, `the canary key is a member of "${group}" (kind ${GroupKind.members})`);
    } else {
      fail(
        DoctorCheck.canaryMember,
        `the canary key (${npub}) is not in group "${group}"'s member list (kind ${GroupKind.members}): in a closed group every run is refused`,
        `add it with a relay admin's key: zooid-canary group add-member --relay ${facts.relayUrl} --group ${group} --pubkey ${npub}`,
      );
    }

    const admins = newest(GroupKind.admins);
    if (admins === undefined) {
      unknown(DoctorCheck.canaryNotGroupAdmin, `the relay published no admin list (kind ${GroupKind.admins}) for group "${group}"`);
    } else if (pTagged(admins, pubkey)) {
      fail(
        DoctorCheck.canaryNotGroupAdmin,
        `the canary key is an admin of group "${group}" (kind ${GroupKind.admins}), as a group's creator is: zooid skips the membership check for group admins, so ${BLIND}`,
        'give the canary a key that is only a member: zooid-canary keygen, then group add-member with a relay admin\'s key (never create the group with the canary key)',
        true,
      );
    } else {
      ok(DoctorCheck.canaryNotGroupAdmin, `the canary key is not an admin of "${group}" (kind ${GroupKind.admins})`);
    }
  }

  const passed = checks.every((c) => c.status === 'ok');
  const failed = checks.filter((c) => c.status === 'fail');
  const blind = failed.filter((c) => c.blind);
  const summary = passed
    ? `PASS: the canary can detect a membership regression in group "${group}": zooid checks its membership on every write`
    : blind.length > 0
      ? `FAIL: ${BLIND} (${blind.map((c) => c.check).join(', ')})`
      : `FAIL: ${failed.map((c) => c.check).join(', ')}: fix what is named above; the doctor vouches for a canary only when every check passes`;
  return {
    ok: passed,
    relay: facts.relayUrl,
    group,
    pubkey,
    checks,
    summary,
    caveats: [
      `relay admins are not listed in group metadata, and zooid skips the membership check for them: make sure the canary key (${npub}) is not among the relay's admins`,
    ],
  };
}

function tagValue(event: MetadataEvent, name: string): string | undefined {
  return event.tags.find((tag) => tag[0] === name)?.[1];
}

function pTagged(event: MetadataEvent, pubkey: string): boolean {
  return event.tags.some((tag) => tag[0] === 'p' && tag[1] === pubkey);
}
