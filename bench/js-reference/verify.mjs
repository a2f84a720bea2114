// Verifies a credential (eddsa-rdfc-2022 or eddsa-jcs-2022) with the JavaScript reference
// stack. Usage: node verify.mjs FILE
// Prints "verified" and exits 0, or prints the error and exits 1.
import {readFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import {documentLoader} from './loader.mjs';

const credential = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const proof = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
const cryptosuite = proof?.cryptosuite === 'eddsa-rdfc-2022' ?
  eddsaRdfc2022 : createVerifyCryptosuite();
const result = await jsigs.verify(credential, {
  suite: new DataIntegrityProof({cryptosuite}),
  purpose: new jsigs.purposes.AssertionProofPurpose(),
  documentLoader
});
if(result.verified) {
  console.log('verified');
} else {
  console.log(String(result.error?.errors?.[0] ?? result.error));
  process.exit(1);
}
