// Signs and verifies one Open Badges credential N times with the JavaScript reference stack
// and prints the same JSON lines as `pramaan bench`. Usage:
//   node bench.mjs CREDENTIAL.json COUNT
// CREDENTIAL.json is a credential issued by pramaan (its proof is removed before signing).
// Contexts come from ../../schemas/contexts (the files Pramaan bundles); nothing is fetched.
// With PRAMAAN_JS_SIGNED_OUT=FILE, the last signed credential is written there.
import {readFileSync, writeFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  createSignCryptosuite, createVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import {documentLoader} from './loader.mjs';

const {purposes: {AssertionProofPurpose}} = jsigs;
const [credentialPath, countText] = process.argv.slice(2);
const count = Number(countText || 2000);
const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
delete credential.proof;

const keyPair = await Ed25519Multikey.generate();
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
credential.issuer = {...credential.issuer, id: did};
const suite = new DataIntegrityProof({
  signer: keyPair.signer(), cryptosuite: createSignCryptosuite(), date: new Date().toISOString()
});
const print = (op, n, seconds) => console.log(JSON.stringify({
  op, cryptosuite: 'eddsa-jcs-2022', count: n, seconds: Number(seconds.toFixed(4)),
  per_s: Math.round(n / seconds), implementation: 'js-reference'
}));

let signed;
let start = process.hrtime.bigint();
for(let i = 0; i < count; ++i) {
  signed = await jsigs.sign(structuredClone(credential), {
    suite, purpose: new AssertionProofPurpose(), documentLoader
  });
}
print('sign', count, Number(process.hrtime.bigint() - start) / 1e9);

const verifySuite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
start = process.hrtime.bigint();
for(let i = 0; i < count; ++i) {
  const result = await jsigs.verify(signed, {
    suite: verifySuite, purpose: new AssertionProofPurpose(), documentLoader
  });
  if(!result.verified) {
    throw result.error;
  }
}
print('verify', count, Number(process.hrtime.bigint() - start) / 1e9);
if(process.env.PRAMAAN_JS_SIGNED_OUT) {
  writeFileSync(process.env.PRAMAAN_JS_SIGNED_OUT, JSON.stringify(signed, null, 2));
}
