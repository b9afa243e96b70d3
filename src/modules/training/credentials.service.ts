import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import { randomBytes } from 'node:crypto';
import type { Transactor } from '../audit/index.js';
import type { Achievement } from './achievements.js';
import {
  findCredential,
  findList,
  insertCredentials,
  listCredentials,
  markCredentials,
  readStatusBits,
  type CredentialRow,
  type CredentialSummary,
  type ListRow,
  type NewCredential,
} from './credentials.store.js';
import { VC_V2_CONTEXT } from './documents.js';
import { createIssuerKeys } from './issuer-keys.js';
import type { CertificateStatus } from './model.js';
import { initialsOf, openBadgeCredential, vcDate } from './openbadge.js';
import { signCredential, verifyProof } from './signing.js';
import { allocateEntries, flipEntries, statusOf } from './status-entries.js';
import { encodeList } from './status-list.js';

const PROVEN_CACHE_SIZE = 50_000;

/** Who a certificate is for; the session and person link it to the training record. */
export interface Recipient {
  readonly email: string;
  readonly name: string;
  readonly userId: string | null;
  readonly personId?: string | null;
  readonly sessionId?: string | null;
}

/** What a certificate's status reads on the verification page. */
export type { CertificateStatus } from './model.js';

/** The outcome of verifying a credential. */
export interface Verification {
  readonly proofValid: boolean;
  readonly reason: string | undefined;
  /** Status as this deployment knows it; null for a credential it did not issue. */
  readonly status: CertificateStatus | null;
  readonly credentialId: string | undefined;
  /** When the status was read. */
  readonly checkedAt: Date;
}

/** Builds the certificates service: issuer keys, Open Badges 3.0 credentials, status lists, verification. */
export function createCredentialsService(deps: {
  db: Db;
  tx: Transactor;
  clock: Clock;
  secrets: SecretBox;
  publicUrl: string;
}) {
  const { db, tx, clock } = deps;
  const keys = createIssuerKeys(deps);
  const { issuerUrl, documentLoader, activeKey, newKey } = keys;
  const statusUrl = (listId: string) => `${deps.publicUrl}/status/${listId}`;

  /**
   * Issues the same achievement to many people in one transaction (a session's bulk issue): keys and list
   * indices are taken once, every credential is signed, then all are stored and audited together.
   * Each person is identified by a salted hash of their e-mail.
   */
  async function issueMany(q: {
    orgId: string;
    orgName: string;
    actor: Actor;
    recipients: readonly Recipient[];
    achievement: Achievement;
    validUntil: Date | null;
  }): Promise<Result<CredentialRow[], Problem>> {
    const now = clock.now();
    if (q.validUntil && q.validUntil <= now) return fail('invalid', 'valid_until_past');
    if (q.recipients.length === 0) return ok([]);
    return tx.run(q.actor, async (t, record) => {
      const key = (await activeKey(t, q.orgId)) ?? (await newKey(t, q.orgId));
      const revocations = await allocateEntries(t, q.orgId, 'revocation', q.recipients.length);
      const suspensions = await allocateEntries(t, q.orgId, 'suspension', q.recipients.length);
      const validFrom = new Date(Math.floor(now.getTime() / 1000) * 1000);
      const rows: NewCredential[] = [];
      for (const [i, recipient] of q.recipients.entries()) {
        const revocation = revocations[i];
        const suspension = suspensions[i];
        if (!revocation || !suspension) throw new Error('status indices missing');
        const id = newId();
        const credential = openBadgeCredential({
          id,
          issuer: { id: issuerUrl(q.orgId), name: q.orgName },
          achievement: q.achievement,
          achievementUrl: `${deps.publicUrl}/achievements/${q.achievement}`,
          email: recipient.email,
          salt: randomBytes(16).toString('hex'),
          validFrom,
          validUntil: q.validUntil,
          revocation: { listUrl: statusUrl(revocation.listId), index: revocation.index },
          suspension: { listUrl: statusUrl(suspension.listId), index: suspension.index },
        });
        rows.push({
          id,
          orgId: q.orgId,
          achievement: q.achievement,
          recipientInitials: initialsOf(recipient.name),
          recipientUserId: recipient.userId,
          validFrom,
          validUntil: q.validUntil,
          revocationList: revocation.listId,
          revocationIndex: revocation.index,
          suspensionList: suspension.listId,
          suspensionIndex: suspension.index,
          document: await signCredential({ credential, key, documentLoader }),
          sessionId: recipient.sessionId ?? null,
          personId: recipient.personId ?? null,
        });
      }
      await insertCredentials(t, rows);
      for (const row of rows)
        await record({
          action: 'training.certificate_issued',
          orgId: q.orgId,
          targetType: 'certificate',
          targetId: row.id,
          summary: { achievement: q.achievement, ...(row.sessionId && { session: row.sessionId }) },
        });
      return ok(
        rows.map((row) => ({
          ...row,
          revokedAt: null,
          revokedReason: null,
          suspendedAt: null,
          suspendedReason: null,
          issuedAt: now,
        })),
      );
    });
  }

  /** Checks a credential's proof as of its own start date, so an expired one still shows a valid signature. */
  async function checkProof(credential: unknown): Promise<{ verified: boolean; reason: string | undefined }> {
    const from =
      typeof credential === 'object' && credential !== null && 'validFrom' in credential
        ? credential.validFrom
        : undefined;
    const at =
      typeof from === 'string' && !Number.isNaN(Date.parse(from))
        ? new Date(Date.parse(from) + 1000)
        : clock.now();
    const proof = await verifyProof({ credential, documentLoader, now: at });
    return { verified: proof.verified, reason: proof.reason };
  }

  /** A stored certificate's status now: its revocation and suspension bits first, then its dates. */
  async function liveStatus(row: CredentialSummary): Promise<CertificateStatus> {
    const bits = await readStatusBits(db, row);
    if (bits.revoked) return 'revoked';
    if (bits.suspended) return 'suspended';
    return statusOf(row, clock.now());
  }

  // Signature checks of stored certificates, remembered: their documents never change.
  const provenStored = new Map<string, { verified: boolean; reason: string | undefined }>();

  // Signed list credentials are cached per list version: a change bumps the version, so it shows at once.
  const signedLists = new Map<string, { version: number; document: Record<string, unknown> }>();

  return {
    sealLegacySecrets: keys.sealLegacySecrets,
    issuerUrl,
    controllerDocument: keys.controllerDocument,
    documentLoader,
    signingKeys: keys.signingKeys,
    rotateKey: keys.rotateKey,

    /** The issuer profile and keys, as published at /issuers/<org>. */
    async issuerProfile(orgId: string, orgName: string): Promise<Result<Record<string, unknown>, Problem>> {
      const doc = await keys.controllerDocument(orgId);
      if (!doc) return fail('not_found', 'issuer_not_found');
      return ok({ ...doc, type: ['Profile'], name: orgName });
    },

    /** Issues an Open Badges 3.0 certificate to one person. */
    async issue(q: {
      orgId: string;
      orgName: string;
      actor: Actor;
      recipient: Recipient;
      achievement: Achievement;
      validUntil: Date | null;
    }): Promise<Result<CredentialRow, Problem>> {
      const issued = await issueMany({ ...q, recipients: [q.recipient] });
      return issued.ok ? ok(issued.value[0] as CredentialRow) : issued;
    },

    issueMany,

    /** Revokes certificates for good, with a recorded reason; the status list shows it at once. */
    async revoke(q: {
      orgId: string;
      actor: Actor;
      ids: readonly string[];
      reason: string;
    }): Promise<Result<{ revoked: number }, Problem>> {
      if (q.reason.trim() === '') return fail('invalid', 'reason_required');
      return tx.run(q.actor, async (t, record) => {
        const rows = await markCredentials(t, {
          orgId: q.orgId,
          ids: q.ids,
          change: { revokedAt: clock.now(), reason: q.reason },
        });
        if (rows.length !== new Set(q.ids).size) return fail('not_found', 'certificate_not_found');
        await flipEntries(t, { rows, purpose: 'revocation', value: true, at: clock.now() });
        for (const r of rows)
          await record({
            action: 'training.certificate_revoked',
            orgId: q.orgId,
            targetType: 'certificate',
            targetId: r.id,
            summary: { reason: q.reason },
          });
        return ok({ revoked: rows.length });
      });
    },

    /** Suspends certificates with a reason, or lifts their suspension. */
    async suspend(
      q: { orgId: string; actor: Actor; ids: readonly string[] } & (
        { suspended: true; reason: string } | { suspended: false }
      ),
    ): Promise<Result<{ changed: number }, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const rows = await markCredentials(t, {
          orgId: q.orgId,
          ids: q.ids,
          change: q.suspended ? { suspendedAt: clock.now(), reason: q.reason } : { suspendedAt: null },
        });
        if (rows.length !== new Set(q.ids).size) return fail('not_found', 'certificate_not_found');
        await flipEntries(t, { rows, purpose: 'suspension', value: q.suspended, at: clock.now() });
        for (const r of rows)
          await record({
            action: q.suspended ? 'training.certificate_suspended' : 'training.certificate_reinstated',
            orgId: q.orgId,
            targetType: 'certificate',
            targetId: r.id,
            ...(q.suspended && { summary: { reason: q.reason } }),
          });
        return ok({ changed: rows.length });
      });
    },

    /** The signed BitstringStatusListCredential served at /status/<list-id>. */
    async statusListCredential(listId: string): Promise<Result<Record<string, unknown>, Problem>> {
      const list: ListRow | undefined = await findList(db, listId);
      if (!list) return fail('not_found', 'status_list_not_found');
      const cached = signedLists.get(listId);
      if (cached?.version === list.version) return ok(cached.document);
      const key = await activeKey(db, list.orgId);
      if (!key) return fail('not_found', 'issuer_not_found');
      const credential = {
        '@context': [VC_V2_CONTEXT],
        id: statusUrl(listId),
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuerUrl(list.orgId),
        validFrom: vcDate(list.updatedAt),
        credentialSubject: {
          id: `${statusUrl(listId)}#list`,
          type: 'BitstringStatusList',
          statusPurpose: list.purpose,
          encodedList: await encodeList(list.bits),
        },
      };
      const document = await signCredential({ credential, key, documentLoader });
      signedLists.set(listId, { version: list.version, document });
      return ok(document);
    },

    /** A certificate by id (for /verify/<id>), with its status now. */
    async certificate(id: string): Promise<Result<CredentialRow & { status: CertificateStatus }, Problem>> {
      if (!/^[0-9a-f-]{36}$/.test(id)) return fail('not_found', 'certificate_not_found');
      const row = await findCredential(db, id);
      return row
        ? ok({ ...row, status: statusOf(row, clock.now()) })
        : fail('not_found', 'certificate_not_found');
    },

    /** Certificates issued by an organisation (or one of its sessions), or by every organisation (for the CLI). */
    list(
      orgId?: string,
      opts: { sessionId?: string; personId?: string } = {},
    ): Promise<(CredentialSummary & { status: CertificateStatus })[]> {
      const now = clock.now();
      return listCredentials(db, orgId, opts).then((rows) =>
        rows.map((r) => ({ ...r, status: statusOf(r, now) })),
      );
    },

    /**
     * Verifies any credential someone hands over: the proof with bundled contexts and this deployment's
     * issuer keys, then — for a certificate issued here — its revocation and suspension bits.
     */
    async verify(credential: unknown): Promise<Verification> {
      const proof = await checkProof(credential);
      const idField =
        typeof credential === 'object' && credential !== null && 'id' in credential
          ? credential.id
          : undefined;
      const credentialId =
        typeof idField === 'string' && idField.startsWith('urn:uuid:') ? idField.slice(9) : undefined;
      const row = credentialId ? await findCredential(db, credentialId) : undefined;
      return {
        proofValid: proof.verified,
        reason: proof.reason,
        status: row ? await liveStatus(row) : null,
        credentialId,
        checkedAt: clock.now(),
      };
    },

    /**
     * Verifies a certificate issued here, by id (the verification page). Its stored document never changes, so
     * the signature check is remembered; the status is read fresh every time.
     */
    async verifyIssued(id: string): Promise<Verification | undefined> {
      const row = /^[0-9a-f-]{36}$/.test(id) ? await findCredential(db, id) : undefined;
      if (!row) return undefined;
      let proof = provenStored.get(row.id);
      if (!proof) {
        proof = await checkProof(row.document);
        if (provenStored.size >= PROVEN_CACHE_SIZE)
          provenStored.delete(provenStored.keys().next().value ?? '');
        provenStored.set(row.id, proof);
      }
      return {
        proofValid: proof.verified,
        reason: proof.reason,
        status: await liveStatus(row),
        credentialId: row.id,
        checkedAt: clock.now(),
      };
    },
  };
}

/** The certificates service's type. */
export type CredentialsService = ReturnType<typeof createCredentialsService>;
