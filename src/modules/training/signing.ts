import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from '@digitalbazaar/vc';

/** An issuer key as stored: its id (a URL under the issuer's profile) and multibase key material. */
export interface StoredKey {
  readonly id: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
}

/** Generates an Ed25519 key for an issuer. */
export async function generateKey(q: { id: string; controller: string }): Promise<StoredKey> {
  const key = await Ed25519Multikey.generate(q);
  const exported = await key.export({ publicKey: true, secretKey: true });
  const secret = exported['secretKeyMultibase'];
  if (typeof secret !== 'string') throw new Error('the key library exported no secret key');
  return { ...q, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: secret };
}

/** Signs a credential with a `DataIntegrityProof` using the `eddsa-rdfc-2022` cryptosuite. */
export async function signCredential(q: {
  credential: Record<string, unknown>;
  key: StoredKey;
  documentLoader: DocumentLoader;
}): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: q.key.id,
    controller: q.key.controller,
    publicKeyMultibase: q.key.publicKeyMultibase,
    secretKeyMultibase: q.key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential: q.credential, suite, documentLoader: q.documentLoader });
}

/**
 * Checks a credential's proof (and its validity dates) with bundled contexts only. Status is checked apart,
 * from this deployment's own lists, so the library's status check is told to pass.
 */
export async function verifyProof(q: {
  credential: unknown;
  documentLoader: DocumentLoader;
  now: Date;
}): Promise<{ verified: boolean; reason: ProofFailure | undefined }> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  try {
    const result = await vc.verifyCredential({
      credential: q.credential,
      suite,
      documentLoader: q.documentLoader,
      now: q.now,
      checkStatus: () => Promise.resolve({ verified: true }),
    });
    return { verified: result.verified, reason: result.verified ? undefined : 'proof_invalid' };
  } catch {
    // The library throws on documents it cannot read; its messages describe our code, not the credential.
    return { verified: false, reason: 'credential_unreadable' };
  }
}

/**
 * Why a proof did not verify, as a stable code: the document could not be read as a credential, or it was
 * read and its proof (signature, issuer key, dates) does not hold.
 */
export type ProofFailure = 'credential_unreadable' | 'proof_invalid';
