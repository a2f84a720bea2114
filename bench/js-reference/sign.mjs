// Signs a credential with the JavaScript reference stack and a fresh did:key.
// Usage: node sign.mjs CREDENTIAL.json eddsa-rdfc-2022|eddsa-jcs-2022 OUT.json
// The credential's proof (if any) is removed and its issuer id set to the new did:key.
import {readFileSync, writeFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {createSignCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import {documentLoader} from './loader.mjs';

const [input, suiteName, output] = process.argv.slice(2);
const credential = JSON.parse(readFileSync(input, 'utf8'));
delete credential.proof;
const keyPair = await Ed25519Multikey.generate();
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
credential.issuer = typeof credential.issuer === 'object' ?
  {...credential.issuer, id: did} : did;
const cryptosuite = suiteName === 'eddsa-rdfc-2022' ? eddsaRdfc2022 : createSignCryptosuite();
const signed = await jsigs.sign(credential, {
  suite: new DataIntegrityProof({signer: keyPair.signer(), cryptosuite}),
  purpose: new jsigs.purposes.AssertionProofPurpose(),
  documentLoader
});
writeFileSync(output, JSON.stringify(signed, null, 2));
