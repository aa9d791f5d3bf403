/**
 * TLS settings of gateway servers: Istio's `validateTLSOptions` rules (errors and the warnings
 * that mean a setting is ignored), and rendering into the generated `Gateway` binding.
 */
import {
  GatewaySpecServersTls,
  GatewaySpecServersTlsMaxProtocolVersion,
  GatewaySpecServersTlsMinProtocolVersion,
  GatewaySpecServersTlsMode,
} from '../../imports/networking.istio.io';
import { dnsSubdomainProblem } from '../validation';

/** Every field a server TLS setting may carry, as the public option interfaces spell them. */
export interface AnyGatewayTlsOptions {
  readonly credentialName?: string;
  readonly serverCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly caCrl?: string;
  readonly subjectAltNames?: string[];
  readonly verifyCertificateSpki?: string[];
  readonly verifyCertificateHash?: string[];
  readonly minProtocolVersion?: string;
  readonly maxProtocolVersion?: string;
  readonly cipherSuites?: string[];
}

const COMMON = ['minProtocolVersion', 'maxProtocolVersion', 'cipherSuites'];
const CERTIFICATE = ['credentialName', 'serverCertificate', 'privateKey'];
const CLIENT_VERIFICATION = ['caCertificates', 'caCrl', 'subjectAltNames', 'verifyCertificateSpki', 'verifyCertificateHash'];

/** The option names each mode accepts; others are rejected (they reach us only from untyped callers). */
const ALLOWED: { [mode: string]: string[] } = {
  SIMPLE: [...COMMON, ...CERTIFICATE],
  MUTUAL: [...COMMON, ...CERTIFICATE, ...CLIENT_VERIFICATION],
  OPTIONAL_MUTUAL: [...COMMON, ...CERTIFICATE, ...CLIENT_VERIFICATION],
  ISTIO_MUTUAL: [...COMMON, 'subjectAltNames'],
  PASSTHROUGH: [],
  AUTO_PASSTHROUGH: [],
};

const WHY_NOT: { [mode: string]: string } = {
  SIMPLE: 'SIMPLE TLS does not verify clients (use GatewayTls.mutual())',
  ISTIO_MUTUAL: 'the gateway presents its Istio workload certificate and verifies clients with the mesh CA',
  PASSTHROUGH: 'the gateway forwards TLS untouched, by SNI',
  AUTO_PASSTHROUGH: 'the gateway forwards TLS untouched, by SNI',
};

const VERSIONS = ['TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];

function label(mode: string): string {
  return `${mode} TLS`;
}

/** Everything wrong with a TLS setting, each naming the option. */
export function gatewayTlsProblems(mode: string, o: AnyGatewayTlsOptions): string[] {
  const problems: Array<string | undefined> = [];
  const given = Object.entries(o).filter(([, v]) => v !== undefined).map(([key]) => key);
  for (const key of given.filter(g => !ALLOWED[mode].includes(g))) {
    problems.push(`${label(mode)} cannot have '${key}': ${WHY_NOT[mode] ?? 'it is not a server TLS setting'}`);
  }
  for (const k of ['credentialName', 'serverCertificate', 'privateKey', 'caCertificates', 'caCrl'] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
      problems.push(`'${k}' must not be empty`);
    }
  }
  if (o.credentialName !== undefined && o.credentialName.trim() !== '') {
    problems.push(dnsSubdomainProblem('credentialName', o.credentialName));
  }
  const files = (['serverCertificate', 'privateKey', 'caCertificates'] as const).filter(k => o[k] !== undefined);
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (terminating) {
    if (o.credentialName !== undefined && files.length > 0) {
      problems.push(`'credentialName' excludes ${files.map(f => `'${f}'`).join(', ')}: give the certificates as a Secret or as files, not both`);
    } else if (o.credentialName === undefined) {
      if (o.serverCertificate === undefined && o.privateKey === undefined) {
        problems.push(`${label(mode)} requires 'credentialName' (a Secret in the gateway's namespace) or 'serverCertificate' and 'privateKey' (files in the gateway pod)`);
      } else if (o.serverCertificate === undefined) {
        problems.push(`${label(mode)} requires 'serverCertificate' with 'privateKey'`);
      } else if (o.privateKey === undefined) {
        problems.push(`${label(mode)} requires 'privateKey' with 'serverCertificate'`);
      }
      if (mode !== 'SIMPLE' && o.caCertificates === undefined) {
        problems.push(`${label(mode)} with file certificates requires 'caCertificates' (the CA bundle that verifies client certificates)`);
      }
    }
    if (o.caCrl !== undefined && o.credentialName !== undefined) {
      problems.push("'caCrl' cannot be used with 'credentialName': put the CRL into the Secret (key 'ca.crl')");
    }
  }
  const min = o.minProtocolVersion;
  const max = o.maxProtocolVersion;
  if (min !== undefined && max !== undefined && VERSIONS.includes(min) && VERSIONS.includes(max) && VERSIONS.indexOf(min) > VERSIONS.indexOf(max)) {
    problems.push(`'minProtocolVersion' ${min} must not be above 'maxProtocolVersion' ${max}`);
  }
  if ((min === 'TLSV1_0' || min === 'TLSV1_1') && (o.cipherSuites ?? []).length === 0) {
    problems.push(`'minProtocolVersion' ${min} needs 'cipherSuites': Envoy's default ciphers no longer include ones that ${min} clients can use`);
  }
  for (const list of ['cipherSuites', 'subjectAltNames', 'verifyCertificateSpki', 'verifyCertificateHash'] as const) {
    const values = o[list];
    if (values === undefined) {
      continue;
    }
    if (values.length === 0) {
      problems.push(`'${list}' must have at least one entry, or be left out`);
    }
    values.forEach((v, i) => {
      if (typeof v !== 'string' || v.trim() === '') {
        problems.push(`'${list}[${i}]' must not be empty`);
      } else if (values.indexOf(v) !== i) {
        problems.push(`'${list}' lists '${v}' twice`);
      }
    });
  }
  (o.verifyCertificateHash ?? []).forEach((h, i) => {
    if (typeof h === 'string' && h.trim() !== '' && !/^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/.test(h)) {
      problems.push(`'verifyCertificateHash[${i}]' must be a hex-encoded SHA-256 hash (64 hex digits, optionally ':'-separated), got '${h}'`);
    }
  });
  return problems.filter((p): p is string => p !== undefined);
}

/** The `tls` block of a server. */
export function renderGatewayTls(mode: string, o: AnyGatewayTlsOptions): GatewaySpecServersTls {
  return {
    mode: mode as GatewaySpecServersTlsMode,
    credentialName: o.credentialName,
    serverCertificate: o.serverCertificate,
    privateKey: o.privateKey,
    caCertificates: o.caCertificates,
    caCrl: o.caCrl,
    subjectAltNames: o.subjectAltNames,
    verifyCertificateSpki: o.verifyCertificateSpki,
    verifyCertificateHash: o.verifyCertificateHash,
    minProtocolVersion: o.minProtocolVersion as GatewaySpecServersTlsMinProtocolVersion | undefined,
    maxProtocolVersion: o.maxProtocolVersion as GatewaySpecServersTlsMaxProtocolVersion | undefined,
    cipherSuites: o.cipherSuites,
  };
}
