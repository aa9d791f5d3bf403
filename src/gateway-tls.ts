import { GatewaySpecServersTls } from './imports/networking.istio.io';
import { AnyGatewayTlsOptions, gatewayTlsProblems, renderGatewayTls } from './private/gateway/tls';
import { arrayOf, checkFactoryTypes, oneOf, optional, shape, str } from './private/props';
import { throwValueProblems } from './private/validation';

/**
 * TLS modes of a gateway server (Istio's `ServerTLSSettings.TLSmode`).
 */
export enum GatewayTlsMode {
  /** TLS terminated with the server's certificate. */
  SIMPLE = 'SIMPLE',
  /** TLS terminated; clients must present a certificate the CA bundle verifies. */
  MUTUAL = 'MUTUAL',
  /** Like MUTUAL, but clients without a certificate are let in too. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
  /** Istio mutual TLS with the gateway's workload identity (e.g. traffic from sidecars to an egress gateway). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** TLS forwarded untouched, routed by SNI (VirtualService `tls` routes). */
  PASSTHROUGH = 'PASSTHROUGH',
  /** TLS forwarded untouched to the mesh service the SNI names, without VirtualServices (multi-cluster). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
}

/**
 * TLS protocol versions.
 */
export enum TlsProtocolVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0. */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1. */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

const COMMON = {
  minProtocolVersion: optional(oneOf(TlsProtocolVersion)),
  maxProtocolVersion: optional(oneOf(TlsProtocolVersion)),
  cipherSuites: optional(arrayOf(str)),
};
const CERTIFICATE = { credentialName: optional(str), serverCertificate: optional(str), privateKey: optional(str) };
const CLIENT_VERIFICATION = {
  caCertificates: optional(str),
  caCrl: optional(str),
  subjectAltNames: optional(arrayOf(str)),
  verifyCertificateSpki: optional(arrayOf(str)),
  verifyCertificateHash: optional(arrayOf(str)),
};

/**
 * TLS settings every terminating mode accepts.
 */
export interface GatewayTlsOptions {
  /** Lowest TLS version accepted. Below TLSV1_2 needs `cipherSuites`. @default - Envoy's default (TLS 1.2) */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /** Highest TLS version accepted. @default - Envoy's default (TLS 1.3) */
  readonly maxProtocolVersion?: TlsProtocolVersion;
  /** Cipher suites offered (OpenSSL names, e.g. `ECDHE-RSA-AES256-GCM-SHA384`). @default - Envoy's defaults */
  readonly cipherSuites?: string[];
}

/**
 * The server certificate of a SIMPLE server: a Secret (`credentialName`) or files in the pod.
 */
export interface SimpleGatewayTlsOptions extends GatewayTlsOptions {
  /**
   * Name of the Secret (keys `tls.crt`/`tls.key`, or `cert`/`key`) holding the certificate, in the
   * namespace of the gateway's workload. Excludes the file options.
   *
   * @default - none: `serverCertificate` and `privateKey` are required
   */
  readonly credentialName?: string;
  /** Path of the server certificate file in the gateway pod. @default - none */
  readonly serverCertificate?: string;
  /** Path of the private key file in the gateway pod. @default - none */
  readonly privateKey?: string;
}

/**
 * The server certificate and the verification of client certificates of a MUTUAL server.
 */
export interface MutualGatewayTlsOptions extends SimpleGatewayTlsOptions {
  /**
   * Path of the CA bundle that verifies client certificates. Required with file certificates;
   * with `credentialName` the CA comes from the Secret (`ca.crt`, or the Secret `<name>-cacert`).
   *
   * @default - none
   */
  readonly caCertificates?: string;
  /** Path of a certificate revocation list (file certificates only). @default - none */
  readonly caCrl?: string;
  /** Accepted client identities (subject alternative names). @default - any identity the CA vouches for */
  readonly subjectAltNames?: string[];
  /** Accepted client certificates by base64 SHA-256 hash of their SPKI. @default - any */
  readonly verifyCertificateSpki?: string[];
  /** Accepted client certificates by hex SHA-256 hash. @default - any */
  readonly verifyCertificateHash?: string[];
}

/**
 * Options of an ISTIO_MUTUAL server.
 */
export interface IstioMutualGatewayTlsOptions extends GatewayTlsOptions {
  /** Accepted client identities (`spiffe://…`). @default - any workload of the mesh */
  readonly subjectAltNames?: string[];
}

/**
 * TLS settings of a gateway server. Use the static factories; their values are checked as Istio
 * checks them (and settings Istio would silently ignore are errors).
 *
 * ```ts
 * new Gateway(chart, 'ingress', {
 *   mesh,
 *   servers: [GatewayServer.https({ hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-cert' }) })],
 * });
 * ```
 */
export abstract class GatewayTls {
  /** Terminates TLS with a server certificate. */
  public static simple(options: SimpleGatewayTlsOptions): GatewayTls {
    checkFactoryTypes(options, shape({ ...COMMON, ...CERTIFICATE }));
    return new GatewayTlsImpl(GatewayTlsMode.SIMPLE, options);
  }

  /** Terminates TLS and requires client certificates. */
  public static mutual(options: MutualGatewayTlsOptions): GatewayTls {
    checkFactoryTypes(options, shape({ ...COMMON, ...CERTIFICATE, ...CLIENT_VERIFICATION }));
    return new GatewayTlsImpl(GatewayTlsMode.MUTUAL, options);
  }

  /** Terminates TLS and verifies client certificates when clients present one. */
  public static optionalMutual(options: MutualGatewayTlsOptions): GatewayTls {
    checkFactoryTypes(options, shape({ ...COMMON, ...CERTIFICATE, ...CLIENT_VERIFICATION }));
    return new GatewayTlsImpl(GatewayTlsMode.OPTIONAL_MUTUAL, options);
  }

  /** Terminates Istio mutual TLS with the gateway's own workload certificate. */
  public static istioMutual(options: IstioMutualGatewayTlsOptions = {}): GatewayTls {
    checkFactoryTypes(options, shape({ ...COMMON, subjectAltNames: optional(arrayOf(str)) }));
    return new GatewayTlsImpl(GatewayTlsMode.ISTIO_MUTUAL, options);
  }

  /** Forwards TLS untouched; `addTlsRoute` routes it by SNI. Takes no certificate. */
  public static passthrough(): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.PASSTHROUGH, {});
  }

  /** Forwards TLS untouched to the mesh service its SNI names (no routes needed). Takes no certificate. */
  public static autoPassthrough(): GatewayTls {
    return new GatewayTlsImpl(GatewayTlsMode.AUTO_PASSTHROUGH, {});
  }

  /** The TLS mode. */
  public abstract readonly mode: GatewayTlsMode;
  /** The Secret holding the certificate, if any. */
  public abstract readonly credentialName?: string;

  /** @internal */
  public abstract _toIstio(): GatewaySpecServersTls;

  /** @internal */
  public abstract _options(): AnyGatewayTlsOptions;
}

class GatewayTlsImpl extends GatewayTls {
  public readonly credentialName?: string;

  public constructor(public readonly mode: GatewayTlsMode, private readonly options: AnyGatewayTlsOptions) {
    super();
    throwValueProblems(gatewayTlsProblems(mode, options));
    this.credentialName = options.credentialName;
  }

  public _toIstio(): GatewaySpecServersTls {
    return renderGatewayTls(this.mode, this.options);
  }

  public _options(): AnyGatewayTlsOptions {
    return { ...this.options };
  }
}
