// Verifies a credential (eddsa-rdfc-2022 or eddsa-jcs-2022) with the JavaScript reference
// stack. Usage: node verify.mjs FILE
// Prints "verified" and exits 0, or prints the error and exits 1. Every document the loader
// fetched over HTTP (PRAMAAN_PUBLIC_ONLY=1, see loader.mjs) must have the digest the
// credential's relatedResource gives for it (VC Data Model 2.0 section 5.3).
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import {documentLoader, fetched} from './loader.mjs';

const credential = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const proof = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
const cryptosuite = proof?.cryptosuite === 'eddsa-rdfc-2022' ?
  eddsaRdfc2022 : createVerifyCryptosuite();
const result = await jsigs.verify(credential, {
  suite: new DataIntegrityProof({cryptosuite}),
  purpose: new jsigs.purposes.AssertionProofPurpose(),
  documentLoader
});
if(!result.verified) {
  console.log(String(result.error?.errors?.[0] ?? result.error));
  process.exit(1);
}
// The sha2-256 multihash (0x12 0x20 and the digest), base64url without padding after "u".
const digestMultibase = bytes => 'u' + Buffer.concat([Buffer.from([0x12, 0x20]),
  createHash('sha256').update(bytes).digest()]).toString('base64url');
const related = [credential.relatedResource ?? []].flat();
for(const [url, bytes] of fetched) {
  const pinned = related.find(resource => resource.id === url);
  if(!pinned || pinned.digestMultibase !== digestMultibase(bytes)) {
    console.log(`the document fetched from ${url} is not the one the credential pins`);
    process.exit(1);
  }
}
console.log(fetched.size ? `verified (fetched and digest-checked: ${[...fetched.keys()].join(', ')})` :
  'verified');
