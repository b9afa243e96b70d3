import type { CertificateStatus } from './model.js';
import { createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../platform/secrets.js';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { Transactor } from '../audit/index.js';
import { ACHIEVEMENT_TEXT, type Achievement } from './achievements.js';
import {
  countListUse,
  findCredential,
  findList,
  insertCredentials,
  insertList,
  listCredentials,
  listKeys,
  listUnsealedKeys,
  sealKeyRow,
  lockOpenList,
  markCredentials,
  readStatusBits,
  rotateKeyRow,
  takenIndices,
  writeListBits,
  type CredentialRow,
  type CredentialSummary,
  type ListRow,
  type NewCredential,
} from './credentials.store.js';
import {
  CONTROLLER_CONTEXT,
  createDocumentLoader,
  MULTIKEY_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from './documents.js';
import { generateKey, signCredential, verifyProof, type StoredKey } from './signing.js';
import { emptyList, encodeList, randomFreeIndex, setBit, STATUS_LIST_LENGTH } from './status-list.js';

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

/** Initials only: the verification page shows no more of a person's name than this. */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((part) => part.codePointAt(0))
    .map((code) => (code === undefined ? '' : String.fromCodePoint(code).toUpperCase()))
    .join('');
  return (letters || '?').slice(0, 8);
}

/** The salted e-mail hash an `IdentityObject` carries (`sha256$<hex>` of e-mail + salt). */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`).digest('hex')}`;
}

/** Builds the certificates service: issuer keys, Open Badges 3.0 credentials, status lists, verification. */
export function createCredentialsService(deps: {
  db: Db;
  tx: Transactor;
  clock: Clock;
  secrets: SecretBox;
  publicUrl: string;
}) {
  const { db, tx, clock, secrets } = deps;
  // An issuer's signing key opens only as that organisation's key of that number.
  const keyContext = (orgId: string, seq: number) => `training_issuer_keys:${orgId}:${seq}`;
  const issuerUrl = (orgId: string) => `${deps.publicUrl}/issuers/${orgId}`;
  const statusUrl = (listId: string) => `${deps.publicUrl}/status/${listId}`;

  function keyDocument(orgId: string, seq: number, publicKeyMultibase: string) {
    return {
      '@context': MULTIKEY_CONTEXT,
      id: `${issuerUrl(orgId)}#key-${seq}`,
      type: 'Multikey',
      controller: issuerUrl(orgId),
      publicKeyMultibase,
    };
  }

  /** The issuer's controller document: every key it signed with, so rotated keys keep old certificates valid. */
  async function controllerDocument(orgId: string): Promise<Record<string, unknown> | undefined> {
    const keys = await listKeys(db, orgId);
    if (keys.length === 0) return undefined;
    const assertionMethod = keys.map((k) => {
      const { id, type, controller, publicKeyMultibase } = keyDocument(orgId, k.seq, k.publicKeyMultibase);
      return { id, type, controller, publicKeyMultibase };
    });
    return { '@context': [CONTROLLER_CONTEXT, MULTIKEY_CONTEXT], id: issuerUrl(orgId), assertionMethod };
  }

  // Issuer documents are served from the database, never fetched: a verification works offline.
  const documentLoader: DocumentLoader = createDocumentLoader(async (url) => {
    const prefix = `${deps.publicUrl}/issuers/`;
    if (!url.startsWith(prefix)) return undefined;
    const [orgId = '', fragment] = url.slice(prefix.length).split('#');
    if (!/^[0-9a-f-]{36}$/.test(orgId)) return undefined;
    if (fragment === undefined) return controllerDocument(orgId);
    const seq = Number(/^key-(\d+)$/.exec(fragment)?.[1]);
    const key = (await listKeys(db, orgId)).find((k) => k.seq === seq);
    return key && keyDocument(orgId, key.seq, key.publicKeyMultibase);
  });

  async function activeKey(t: Tx | Db, orgId: string): Promise<StoredKey | undefined> {
    const key = (await listKeys(t, orgId)).find((k) => k.retiredAt === null);
    return (
      key && {
        id: `${issuerUrl(orgId)}#key-${key.seq}`,
        controller: issuerUrl(orgId),
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyMultibase: secrets.openText(key.secretKeyMultibase, keyContext(orgId, key.seq)),
      }
    );
  }

  async function newKey(t: Tx, orgId: string): Promise<StoredKey> {
    const seq = (await listKeys(t, orgId)).length + 1;
    const key = await generateKey({ id: `${issuerUrl(orgId)}#key-${seq}`, controller: issuerUrl(orgId) });
    await rotateKeyRow(t, {
      orgId,
      seq,
      publicKeyMultibase: key.publicKeyMultibase,
      secretKeyMultibase: secrets.seal(key.secretKeyMultibase, keyContext(orgId, seq)),
      at: clock.now(),
    });
    return key;
  }

  /**
   * `n` random free indices on the organisation's open lists for `purpose`, starting a list when one fills:
   * the list row is locked once and its used indices are read once, whatever the batch size.
   */
  async function allocate(
    t: Tx,
    orgId: string,
    purpose: 'revocation' | 'suspension',
    n: number,
  ): Promise<{ listId: string; index: number }[]> {
    const out: { listId: string; index: number }[] = [];
    while (out.length < n) {
      let list = await lockOpenList(t, { orgId, purpose, maxUsed: STATUS_LIST_LENGTH / 2 });
      if (!list) {
        await insertList(t, { id: newId(), orgId, purpose, length: STATUS_LIST_LENGTH, bits: emptyList() });
        list = await lockOpenList(t, { orgId, purpose, maxUsed: STATUS_LIST_LENGTH / 2 });
      }
      if (!list) throw new Error('no status list after creating one');
      const taken = await takenIndices(t, list.id, purpose);
      let drawn = 0;
      while (out.length < n) {
        const index = randomFreeIndex(taken);
        if (index === undefined) break;
        taken.add(index);
        out.push({ listId: list.id, index });
        drawn += 1;
      }
      await countListUse(t, list.id, drawn);
    }
    return out;
  }

  function statusOf(row: CredentialSummary, now: Date): CertificateStatus {
    if (row.revokedAt) return 'revoked';
    if (row.suspendedAt) return 'suspended';
    if (row.validFrom > now) return 'not_yet_valid';
    if (row.validUntil && row.validUntil < now) return 'expired';
    return 'valid';
  }

  async function flipBits(
    t: Tx,
    rows: readonly CredentialSummary[],
    purpose: 'revocation' | 'suspension',
    value: boolean,
  ) {
    const byList = new Map<string, number[]>();
    for (const r of rows) {
      const [list, index] =
        purpose === 'revocation'
          ? [r.revocationList, r.revocationIndex]
          : [r.suspensionList, r.suspensionIndex];
      byList.set(list, [...(byList.get(list) ?? []), index]);
    }
    for (const [listId, indices] of byList) {
      const list = await findList(t, listId);
      if (!list) continue;
      let bits = list.bits;
      for (const index of indices) bits = setBit(bits, index, value);
      await writeListBits(t, { listId, bits, at: clock.now() });
    }
  }

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
      const revocations = await allocate(t, q.orgId, 'revocation', q.recipients.length);
      const suspensions = await allocate(t, q.orgId, 'suspension', q.recipients.length);
      const text = ACHIEVEMENT_TEXT[q.achievement];
      const validFrom = new Date(Math.floor(now.getTime() / 1000) * 1000);
      const entry = (purpose: string, a: { listId: string; index: number }) => ({
        id: `${statusUrl(a.listId)}#${a.index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(a.index),
        statusListCredential: statusUrl(a.listId),
      });
      const rows: NewCredential[] = [];
      for (const [i, recipient] of q.recipients.entries()) {
        const revocation = revocations[i];
        const suspension = suspensions[i];
        if (!revocation || !suspension) throw new Error('status indices missing');
        const id = newId();
        const salt = randomBytes(16).toString('hex');
        const credential = {
          '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
          id: `urn:uuid:${id}`,
          type: ['VerifiableCredential', 'OpenBadgeCredential'],
          name: text.name,
          issuer: { id: issuerUrl(q.orgId), type: ['Profile'], name: q.orgName },
          validFrom: validFrom.toISOString().replace('.000Z', 'Z'),
          ...(q.validUntil && { validUntil: q.validUntil.toISOString().replace(/\.\d{3}Z$/, 'Z') }),
          credentialSubject: {
            type: ['AchievementSubject'],
            identifier: [
              {
                type: 'IdentityObject',
                hashed: true,
                identityType: 'emailAddress',
                identityHash: identityHash(recipient.email, salt),
                salt,
              },
            ],
            achievement: {
              id: `${deps.publicUrl}/achievements/${q.achievement}`,
              type: ['Achievement'],
              achievementType: text.type,
              name: text.name,
              description: text.description,
              criteria: { narrative: text.criteria },
            },
          },
          credentialStatus: [entry('revocation', revocation), entry('suspension', suspension)],
        };
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

  /** Seals issuer keys stored before encryption at rest (run at start; later starts find none). */
  async function sealLegacySecrets(): Promise<void> {
    for (const key of await listUnsealedKeys(db))
      await tx.run(systemActor('system'), async (t, record) => {
        await sealKeyRow(t, {
          ...key,
          sealed: secrets.seal(key.secretKeyMultibase, keyContext(key.orgId, key.seq)),
        });
        await record({
          action: 'training.secret_sealed',
          orgId: key.orgId,
          targetType: 'issuer_key',
          targetId: String(key.seq),
        });
        return ok(undefined);
      });
  }

  return {
    sealLegacySecrets,
    issuerUrl,
    controllerDocument,
    documentLoader,

    /** The issuer profile and keys, as published at /issuers/<org>. */
    async issuerProfile(orgId: string, orgName: string): Promise<Result<Record<string, unknown>, Problem>> {
      const doc = await controllerDocument(orgId);
      if (!doc) return fail('not_found', 'issuer_not_found');
      return ok({ ...doc, type: ['Profile'], name: orgName });
    },

    /** The organisation's signing keys, newest first: the active one and those retired by rotation. */
    async signingKeys(orgId: string): Promise<{ id: string; active: boolean; retiredAt: Date | null }[]> {
      const keys = await listKeys(db, orgId);
      return keys
        .map((k) => ({
          id: `${issuerUrl(orgId)}#key-${k.seq}`,
          active: k.retiredAt === null,
          retiredAt: k.retiredAt,
        }))
        .reverse();
    },

    /** Starts signing with a new key; certificates signed with earlier keys stay verifiable. */
    async rotateKey(q: { orgId: string; actor: Actor }): Promise<Result<{ keyId: string }, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const key = await newKey(t, q.orgId);
        await record({
          action: 'training.issuer_key_rotated',
          orgId: q.orgId,
          targetType: 'issuer_key',
          targetId: key.id,
        });
        return ok({ keyId: key.id });
      });
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
        await flipBits(t, rows, 'revocation', true);
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

    /** Suspends certificates, or lifts their suspension. */
    async suspend(q: {
      orgId: string;
      actor: Actor;
      ids: readonly string[];
      suspended: boolean;
    }): Promise<Result<{ changed: number }, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const rows = await markCredentials(t, {
          orgId: q.orgId,
          ids: q.ids,
          change: { suspendedAt: q.suspended ? clock.now() : null },
        });
        if (rows.length !== new Set(q.ids).size) return fail('not_found', 'certificate_not_found');
        await flipBits(t, rows, 'suspension', q.suspended);
        for (const r of rows)
          await record({
            action: q.suspended ? 'training.certificate_suspended' : 'training.certificate_reinstated',
            orgId: q.orgId,
            targetType: 'certificate',
            targetId: r.id,
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
        validFrom: list.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
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
      opts: { sessionId?: string } = {},
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
