// A JSON-LD document loader for the reference stack that never touches the network: the
// contexts Pramaan bundles (../../schemas/contexts) and did:key documents derived from the DID.
import {readFileSync} from 'node:fs';

const contextDir = new URL('../../schemas/contexts/', import.meta.url);
const contextFiles = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://w3id.org/pramaan/v1': 'pramaan-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'security-data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'security-multikey-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
};

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
  throw new Error(`document not bundled: ${url}`);
}
