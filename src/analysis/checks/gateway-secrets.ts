/**
 * Gateway TLS credentials (istioctl's gateway.SecretAnalyzer): a server's `credentialName` is a
 * Secret in the namespace of the gateway's pods (IST0101), which holds a certificate and key
 * (`cert`/`key`, else `tls.crt`/`tls.key`) whose first PEM block parses as certificates valid now
 * (IST0161). istioctl does not look at the key; this library does (MESH012): it must be a private
 * key that matches the certificate. A cert-manager Certificate's `secretName` counts as a Secret
 * with a valid certificate (cert-manager issues it).
 */
import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';
import { Check } from '../check';
import { stringMap } from '../labels';
import { IST, MESH, q } from '../messages';
import { asArray, Obj } from '../objects';
import { shortOrFullName } from './vs-util';

/** A Secret's data as the cluster holds it: `data` (base64) with `stringData` merged over it. */
function secretData(secret: Obj): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(stringMap(secret.raw.data))) out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries(stringMap(secret.raw.stringData))) out.set(k, Buffer.from(v, 'utf-8'));
  return out;
}

/** Istio's `ExtractCertInfo`: the certificate and key under `cert`/`key`, else `tls.crt`/`tls.key` (both non-empty). */
function certAndKey(data: Map<string, Buffer>): { cert: Buffer; key: Buffer; keyName: string } | undefined {
  for (const [certName, keyName] of [['cert', 'key'], ['tls.crt', 'tls.key']]) {
    const cert = data.get(certName);
    const key = data.get(keyName);
    if (cert && cert.length > 0 && key && key.length > 0) return { cert, key, keyName };
  }
  return undefined;
}

/** The DER bytes of the first PEM block of a text (Go's `pem.Decode`). */
function firstPemBlock(text: string): Buffer | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2].split(/\r?\n/).filter(line => !line.includes(':')).join('');
  return /^[A-Za-z0-9+/=\s]*$/.test(body) ? Buffer.from(body, 'base64') : undefined;
}

/** Istio's `ValidateCertificate`: the first PEM block parses as a certificate valid now. */
function validCertificate(pem: Buffer): X509Certificate | undefined {
  const der = firstPemBlock(pem.toString('utf-8'));
  if (!der) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const now = Date.now();
  return now > Date.parse(cert.validTo) || now < Date.parse(cert.validFrom) ? undefined : cert;
}

/** Why a private key is unusable with a certificate, or undefined when it is fine. */
function keyProblem(cert: X509Certificate, keyPem: Buffer): string | undefined {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return 'it is no PEM private key';
  }
  return cert.checkPrivateKey(key) ? undefined : 'it does not match the certificate';
}

export const gatewaySecretsCheck: Check = {
  id: 'gateway.credentials',
  description: 'Gateway TLS credentials exist and hold a valid certificate and key',
  types: [IST.ReferencedResourceNotFound, IST.InvalidGatewayCredential, MESH.InvalidGatewayCredentialKey],
  run(ctx) {
    const { model } = ctx;
    const issued = new Set(model.of('cert-manager.io/Certificate').filter(c => typeof c.spec.secretName === 'string').map(c => `${c.namespace}/${c.spec.secretName}`));
    for (const gw of model.of('Gateway')) {
      const selector = stringMap(gw.spec.selector);
      const pod = model.podIndex.select(selector)[0];
      if (!pod) continue; // IST0101 for the selector: gateways.ts
      asArray(gw.spec.servers).forEach(server => {
        const cn = server?.tls?.credentialName;
        if (typeof cn !== 'string' || cn === '') return;
        const ref = shortOrFullName(pod.namespace, cn);
        const secret = model.find('Secret', ref.namespace, ref.name);
        if (!secret) {
          if (!issued.has(`${ref.namespace}/${ref.name}`)) ctx.report(IST.ReferencedResourceNotFound, gw, `Referenced credentialName not found: ${q(cn)}`);
          return;
        }
        // a Secret the cluster holds beside the input (clusterObjects): its content is not known here
        if (secret.synthetic) return;
        const pair = certAndKey(secretData(secret));
        const cert = pair && validCertificate(pair.cert);
        if (!pair || !cert) {
          ctx.report(IST.InvalidGatewayCredential, gw,
            `The credential referenced by the Gateway ${gw.name} in namespace ${pod.namespace} is invalid, which can cause the traffic not to work as expected.`);
          return;
        }
        const problem = keyProblem(cert, pair.key);
        if (problem) {
          ctx.report(MESH.InvalidGatewayCredentialKey, gw,
            `credentialName '${cn}' (Secret ${secret.fullName}): the private key under '${pair.keyName}' is unusable: ${problem}; the gateway cannot serve TLS with it`);
        }
      });
    }
  },
};
