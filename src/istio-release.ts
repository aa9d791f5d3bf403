import { hubProblem, tagProblem } from './private/image';
import { bool, checkFactoryTypes, optional, shape, str } from './private/props';
import { dnsLabelProblem, throwValueProblems } from './private/validation';

/**
 * Properties of an `IstioRelease`.
 */
export interface IstioReleaseProps {
  /**
   * The Istio version (`1.30.3`).
   *
   * @default IstioRelease.DEFAULT_VERSION
   */
  readonly version?: string;
  /**
   * The image registry of `pilot` and `proxyv2`: `registry[:port]/path`, lowercase, without a
   * tag or digest (images are `<hub>/pilot:<tag>` and `<hub>/proxyv2:<tag>`).
   *
   * @default 'docker.io/istio'
   */
  readonly hub?: string;
  /**
   * The image tag.
   *
   * @default - the version
   */
  readonly tag?: string;
  /**
   * The control-plane revision (canary upgrades of Istio itself). Namespaces are then labelled
   * `istio.io/rev=<revision>` instead of `istio-injection=enabled`, and istiod is named
   * `istiod-<revision>`.
   *
   * @default - no revision (Istio's `default`)
   */
  readonly revision?: string;
  /**
   * Whether the cluster runs Istio's CNI node agent (the `istio-cni` chart) and the control plane
   * knows it (`values.pilot.cni.enabled`): pods then get the unprivileged `istio-validation`
   * init container instead of `istio-init`, which needs `NET_ADMIN`, `NET_RAW` and root. Needed by
   * injected pods in namespaces that enforce the baseline or restricted Pod Security Standard.
   *
   * @default false
   */
  readonly cni?: boolean;
}

/**
 * The Istio release a mesh is pinned to: version, image hub and tag, and revision, in one place.
 * The control plane's `pilot` image and the data plane's `proxyv2` image both come from here.
 *
 * ```ts
 * new Mesh(chart, 'mesh', {
 *   istio: IstioRelease.of({ version: '1.30.3', hub: 'docker.io/istio', revision: '1-30-3' }),
 * });
 * ```
 */
export class IstioRelease {
  /** The newest GA release known to this library. */
  public static readonly DEFAULT_VERSION = '1.30.3';

  /**
   * The default release: Istio 1.30.3 from docker.io/istio, no revision.
   *
   * `default` is a Java keyword: in Java this method is `IstioRelease.doDefault()`. `IstioRelease.of({})` is
   * the same release in every language.
   */
  public static default(): IstioRelease {
    return new IstioRelease({});
  }

  /** A release with the given settings. */
  public static of(props: IstioReleaseProps): IstioRelease {
    return new IstioRelease(props);
  }

  /** The Istio version. */
  public readonly version: string;
  /** The image registry. */
  public readonly hub: string;
  /** The image tag. */
  public readonly tag: string;
  /** The revision, if any. */
  public readonly revision?: string;
  /** Whether the cluster runs Istio's CNI node agent (injected pods get `istio-validation`, not `istio-init`). */
  public readonly cni: boolean;

  private constructor(props: IstioReleaseProps) {
    checkFactoryTypes(props, shape({ version: optional(str), hub: optional(str), tag: optional(str), revision: optional(str), cni: optional(bool) }), '', 'props');
    this.version = props.version ?? IstioRelease.DEFAULT_VERSION;
    this.hub = (props.hub ?? 'docker.io/istio').replace(/\/+$/, '');
    this.tag = props.tag ?? this.version;
    this.revision = props.revision;
    this.cni = props.cni ?? false;
    throwValueProblems([
      /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(this.version) ? undefined : `'version' must look like 1.30.3, got '${this.version}'`,
      hubProblem('hub', this.hub),
      tagProblem('tag', this.tag),
      this.revision !== undefined ? dnsLabelProblem('revision', this.revision) : undefined,
      this.revision === 'default' ? "'revision' 'default' is Istio's name for no revision: leave 'revision' out" : undefined,
    ]);
  }

  /** The revision as Istio names it: the revision, or `default`. */
  public get revisionName(): string {
    return this.revision ?? 'default';
  }

  /** The istiod (`pilot`) image. */
  public get pilotImage(): string {
    return `${this.hub}/pilot:${this.tag}`;
  }

  /** The sidecar and gateway (`proxyv2`) image. */
  public get proxyImage(): string {
    return `${this.hub}/proxyv2:${this.tag}`;
  }
}
