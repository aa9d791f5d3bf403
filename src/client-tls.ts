import { DestinationRuleSpecTrafficPolicyTls, DestinationRuleSpecTrafficPolicyTlsMode } from './imports/networking.istio.io';

/**
 * Client TLS modes of a DestinationRule: how a sidecar connects to the destination.
 */
export enum ClientTlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS originated by the sidecar (server authentication only). */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with certificates you provide. */
  MUTUAL = 'MUTUAL',
  /** Istio's mutual TLS with the workload's own certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/**
 * Options of SIMPLE client TLS.
 */
export interface SimpleTlsOptions {
  /** File with CA certificates to verify the server. @default - the system's roots (or `credentialName`) */
  readonly caCertificates?: string;
  /** A Secret holding the CA certificate (gateways and sidecars with secret access). Excludes file options. @default - none */
  readonly credentialName?: string;
  /** SNI presented to the server. @default - the host name */
  readonly sni?: string;
  /** Accepted server identities. @default - any identity the CA vouches for */
  readonly subjectAltNames?: string[];
  /** Skip server certificate verification (not recommended). @default false */
  readonly insecureSkipVerify?: boolean;
}

/**
 * Options of MUTUAL client TLS: a client certificate and key, as files or as a Secret.
 */
export interface MutualTlsOptions extends SimpleTlsOptions {
  /** File with the client certificate. Required with `privateKey` unless `credentialName` is given. @default - none */
  readonly clientCertificate?: string;
  /** File with the client's private key. Required with `clientCertificate` unless `credentialName` is given. @default - none */
  readonly privateKey?: string;
}

/**
 * Client TLS settings of a DestinationRule. Use the static factories.
 *
 * ```ts
 * const payments = mesh.addExternalService('payments', {
 *   hosts: ['api.payments.example.com'],
 *   ports: [{ number: 80, name: 'http', protocol: Protocol.HTTP }, { number: 443, name: 'https', protocol: Protocol.HTTPS }],
 *   resolution: ServiceEntryResolution.DNS,
 * });
 * payments.originateTls({ fromPort: 80, toPort: 443, tls: ClientTls.simple({ caCertificates: '/etc/ssl/certs/ca-certificates.crt' }) });
 * ```
 */
export abstract class ClientTls {
  /** Plain text to the destination. */
  public static disable(): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.DISABLE, {});
  }

  /** TLS originated by the sidecar: for destinations outside the mesh (TLS origination). */
  public static simple(options: SimpleTlsOptions = {}): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.SIMPLE, options);
  }

  /** Mutual TLS with your own client certificate. */
  public static mutual(options: MutualTlsOptions): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.MUTUAL, options);
  }

  /** Istio mutual TLS with the workload's own identity. Takes no other settings. */
  public static istioMutual(): ClientTls {
    return new ClientTlsImpl(ClientTlsMode.ISTIO_MUTUAL, {});
  }

  /** The TLS mode. */
  public abstract readonly mode: ClientTlsMode;

  /** @internal */
  public abstract _toIstio(): DestinationRuleSpecTrafficPolicyTls;
  /** @internal */
  public abstract _problems(): string[];
}

class ClientTlsImpl extends ClientTls {
  public constructor(public readonly mode: ClientTlsMode, private readonly options: MutualTlsOptions) {
    super();
  }

  public _toIstio(): DestinationRuleSpecTrafficPolicyTls {
    const o = this.options;
    return {
      mode: this.mode as string as DestinationRuleSpecTrafficPolicyTlsMode,
      caCertificates: o.caCertificates,
      clientCertificate: o.clientCertificate,
      privateKey: o.privateKey,
      credentialName: o.credentialName,
      sni: o.sni,
      subjectAltNames: o.subjectAltNames,
      insecureSkipVerify: o.insecureSkipVerify,
    };
  }

  public _problems(): string[] {
    const o = this.options;
    const problems: string[] = [];
    const files = (['caCertificates', 'clientCertificate', 'privateKey'] as const).filter(k => o[k] !== undefined);
    if (o.credentialName !== undefined && files.length > 0) {
      problems.push(`'credentialName' excludes ${files.map(f => `'${f}'`).join(', ')}: give the certificates as a Secret or as files, not both`);
    }
    if (this.mode === ClientTlsMode.MUTUAL && o.credentialName === undefined) {
      for (const k of ['clientCertificate', 'privateKey'] as const) {
        if (o[k] === undefined) {
          problems.push(`MUTUAL TLS requires '${k}' (or 'credentialName')`);
        }
      }
    }
    // with SIMPLE, a credentialName only holds the CA certificate: skipping verification makes it pointless too
    const verifying = [
      o.caCertificates !== undefined ? "'caCertificates'" : undefined,
      this.mode === ClientTlsMode.SIMPLE && o.credentialName !== undefined ? "'credentialName'" : undefined,
      (o.subjectAltNames ?? []).length > 0 ? "'subjectAltNames'" : undefined,
    ].filter((v): v is string => v !== undefined);
    if (o.insecureSkipVerify && verifying.length > 0) {
      problems.push(`'insecureSkipVerify' contradicts ${verifying.join(', ')}: nothing would be verified`);
    }
    return problems;
  }
}
