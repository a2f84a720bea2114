// A JSON-LD document loader for the reference stack: the contexts Pramaan bundles
// (../../schemas/contexts) and did:key documents derived from the DID.
//
// With PRAMAAN_PUBLIC_ONLY=1 it holds only the W3C and Open Badges contexts, as any verifier
// elsewhere would, and fetches every other URL over HTTP; PRAMAAN_FETCH_FROM=ORIGIN sends the
// fetches for PRAMAAN_BASE_URL (the issuer's configured base URL) to ORIGIN instead (the
// server under test listens on a port chosen at run time). The bytes fetched are recorded in
// `fetched` for the caller to check against the credential's relatedResource digests.
import {readFileSync} from 'node:fs';

const contextDir = new URL('../../schemas/contexts/', import.meta.url);
const publicContexts = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://w3id.org/security/data-integrity/v2': 'security-data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'security-multikey-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
};
const publicOnly = process.env.PRAMAAN_PUBLIC_ONLY === '1';
const contextFiles = publicOnly ? publicContexts :
  {...publicContexts, 'https://w3id.org/pramaan/v1': 'pramaan-v1.jsonld'};

// URL -> the exact bytes fetched for it.
export const fetched = new Map();

function didKeyDocument(did) {
  const multikey = did.slice('did:key:'.length);
  const method = {
    id: `${did}#${multikey}`, type: 'Multikey', controller: did, publicKeyMultibase: multikey
  };
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did, verificationMethod: [method], assertionMethod: [method.id]
  };
}

async function fetchDocument(url) {
  const base = process.env.PRAMAAN_BASE_URL;
  const origin = process.env.PRAMAAN_FETCH_FROM;
  const target = base && origin && url.startsWith(base) ? origin + url.slice(base.length) : url;
  const response = await fetch(target, {headers: {Accept: 'application/ld+json'}});
  if(!response.ok) throw new Error(`fetching ${url} (${target}): HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  fetched.set(url, bytes);
  return {contextUrl: null, documentUrl: url, document: JSON.parse(bytes.toString('utf8'))};
}

export async function documentLoader(url) {
  if(contextFiles[url]) {
    const document = JSON.parse(readFileSync(new URL(contextFiles[url], contextDir), 'utf8'));
    return {contextUrl: null, documentUrl: url, document};
  }
  if(url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const document = didKeyDocument(did);
    if(fragment) {
      return {
        contextUrl: null, documentUrl: url,
        document: {'@context': 'https://w3id.org/security/multikey/v1',
          ...document.verificationMethod[0]}
      };
    }
    return {contextUrl: null, documentUrl: url, document};
  }
  if(publicOnly && /^https?:\/\//.test(url)) return fetchDocument(url);
  throw new Error(`document not bundled: ${url}`);
}
