import type { DocumentLoader } from '@digitalbazaar/vc';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db.js';
import { ok, type Result } from '../../platform/result.js';
import type { Problem } from '../../platform/errors.js';
import type { SecretBox } from '../../platform/secrets.js';
import type { Transactor } from '../audit/index.js';
import { listKeys, listUnsealedKeys, rotateKeyRow, sealKeyRow } from './credentials.store.js';
import { CONTROLLER_CONTEXT, createDocumentLoader, MULTIKEY_CONTEXT } from './documents.js';
import { generateKey, type StoredKey } from './signing.js';

/**
 * An organisation's issuer identity: its controller document at /issuers/<org> listing every key it signed
 * with (rotated keys stay, so old certificates keep verifying), and its Ed25519 signing keys, sealed at rest.
 */
export function createIssuerKeys(deps: {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly publicUrl: string;
}) {
  const { db, tx, clock, secrets } = deps;
  // An issuer's signing key opens only as that organisation's key of that number.
  const keyContext = (orgId: string, seq: number) => `training_issuer_keys:${orgId}:${seq}`;
  const issuerUrl = (orgId: string) => `${deps.publicUrl}/issuers/${orgId}`;

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

  /** The key the organisation signs with now, opened; undefined before its first certificate. */
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

  /** Generates the organisation's next key and retires the one before it. */
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

  return {
    issuerUrl,
    controllerDocument,
    documentLoader,
    activeKey,
    newKey,

    /** Seals issuer keys stored before encryption at rest (run at start; later starts find none). */
    async sealLegacySecrets(): Promise<void> {
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
  };
}
