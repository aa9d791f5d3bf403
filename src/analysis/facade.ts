/**
 * The analysis engine's public face (jsii-compatible): for apps that want the findings themselves,
 * and for other languages. The integrating code exports it from the package's index.
 */
import { analyze } from './analyze';
import { formatJson, formatText } from './format';

/** How serious a finding is (istioctl analyze's levels). */
export enum FindingLevel {
  /** The configuration does not work as written. */
  ERROR = 'Error',
  /** The configuration works, but probably not as meant. */
  WARNING = 'Warning',
  /** Worth knowing. */
  INFO = 'Info',
}

/** One finding about one manifest. */
export interface Finding {
  /** `IST0101` … for findings istioctl analyze also makes, `MESH001` … for this library's own. */
  readonly code: string;
  readonly level: FindingLevel;
  /** `Kind namespace/name`, or `Kind name` for an object written without a namespace. */
  readonly resource: string;
  readonly message: string;
  /** The manifest the finding is about, as it was given. */
  readonly object?: any;
}

/**
 * What to assume about the cluster the manifests are for. The analysis reads the cluster that
 * applying the manifests produces, as `istioctl analyze` reads a live cluster.
 */
export interface ManifestAnalysisOptions {
  /**
   * Istio's namespace (istiod, the `istio` ConfigMap, the default ingress resources), and the mesh's
   * root namespace (mesh-wide PeerAuthentications and AuthorizationPolicies) unless the mesh config
   * sets `rootNamespace`.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Assume the resources istioctl analyze assumes for files: a Pod labelled `istio: ingressgateway`
   * and its Service `istio-ingressgateway` (ports 80, 443, 31400, 15443) in Istio's namespace.
   * @default true
   */
  readonly assumeDefaultGateways?: boolean;
  /**
   * Take namespaces the manifests do not declare to be labelled `istio-injection=enabled` (else
   * `disabled`).
   * @default true
   */
  readonly assumeInjected?: boolean;
  /**
   * The mesh config (MeshConfig YAML, as `istioctl analyze --meshConfigFile` reads it).
   * @default - the `mesh` key of the ConfigMap `istio` in Istio's namespace, else Istio's defaults
   */
  readonly meshConfig?: string;
  /**
   * Codes to leave out, e.g. `['IST0118']`.
   * @default - none
   */
  readonly ignore?: string[];
  /**
   * Manifests of objects the cluster holds that the input does not (e.g. gateway TLS Secrets made
   * by cert-manager): references to them resolve, and they are never reported on. An object of
   * the input with the same kind, namespace and name replaces one of these.
   * @default - none
   */
  readonly clusterObjects?: any[];
}

/**
 * Checks Kubernetes and Istio manifests as `istioctl analyze` does on a cluster, and more
 * (the codes are listed in the README).
 *
 * ```ts
 * const findings = ManifestAnalysis.analyze(Testing.synth(chart));
 * console.log(ManifestAnalysis.formatText(findings)); // one line per finding, by level
 * ```
 */
export class ManifestAnalysis {
  /** Analyzes manifests (plain objects, e.g. `ApiObject.toJson()` results or parsed YAML documents). */
  public static analyze(manifests: any[], options: ManifestAnalysisOptions = {}): Finding[] {
    return analyze(manifests, options).map(m => ({
      code: m.code,
      level: m.level as FindingLevel,
      resource: m.resource,
      message: m.message,
      object: m.object,
    }));
  }

  /** `{"messages":[{"code","level","resource","message"}]}`. */
  public static formatJson(findings: Finding[]): string {
    return formatJson(findings.map(f => ({ ...f, level: f.level as `${FindingLevel}` })));
  }

  /** One line per finding, grouped by level, with a summary line. */
  public static formatText(findings: Finding[]): string {
    return formatText(findings.map(f => ({ ...f, level: f.level as `${FindingLevel}` })));
  }

  private constructor() {}
}
