import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IstioCrds, Mesh, MeshService, MeshServiceOptions, Protocol } from '../../src';

/** Istio's bookinfo sample images (registry.istio.io/release/examples-bookinfo-*). */
const HUB = 'registry.istio.io/release';
const TAG = '1.20.3';
const image = (name: string) => `${HUB}/examples-bookinfo-${name}:${TAG}`;

/** Modest resources: bookinfo's services are small. */
const resources: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(512) },
};

/** Bookinfo's images run as a non-root user and write only to the volumes mounted below: the restricted settings fit. */
const hardened = true;

/** Properties of the bookinfo chart. */
export interface BookinfoProps extends ChartProps {
  /**
   * The mesh the services join, typically defined in a chart of its own that this one depends
   * on (see main.ts).
   *
   * @default - a mesh of its own, in this chart
   */
  readonly mesh?: Mesh;
  /** Istio's CRDs, when the chart creates its own mesh. @default IstioCrds.none() */
  readonly crds?: IstioCrds;
  /** The versions of reviews. @default ['v1', 'v2', 'v3'] */
  readonly reviewsVersions?: string[];
}

/**
 * Istio's bookinfo application (`bookinfo.yaml`, `destination-rule-all.yaml`,
 * `virtual-service-all-v1.yaml`) written with cdk8s-mesh.
 */
export class Bookinfo extends Chart {
  public readonly mesh: Mesh;
  public readonly productpage: MeshService;
  public readonly details: MeshService;
  public readonly reviews: MeshService;
  public readonly ratings: MeshService;

  public constructor(scope: Construct, id: string, props: BookinfoProps = {}) {
    super(scope, id, props);
    this.mesh = props.mesh ?? new Mesh(this, 'mesh', { crds: props.crds });
    const addService = (name: string, options: MeshServiceOptions) => new MeshService(this, name, { ...options, mesh: this.mesh, name });
    const http = [{ port: 9080, protocol: Protocol.HTTP }];
    const serviceAccountName = (svc: string) => `bookinfo-${svc}`;

    this.details = addService('details', {
      ports: http,
      serviceAccountName: serviceAccountName('details'),
      versions: [
        { name: 'v1', image: image('details-v1'), resources, hardened },
        // subset only: details-v2 is deployed by Istio's bookinfo-details-v2.yaml
        { name: 'v2', deploy: false },
      ],
    });

    this.ratings = addService('ratings', {
      ports: http,
      serviceAccountName: serviceAccountName('ratings'),
      versions: [
        { name: 'v1', image: image('ratings-v1'), resources, hardened },
        // subsets only: their workloads come from bookinfo-ratings-v2*.yaml and a VM
        { name: 'v2', deploy: false },
        { name: 'v2-mysql', deploy: false },
        { name: 'v2-mysql-vm', deploy: false },
      ],
    });

    this.reviews = addService('reviews', {
      ports: http,
      serviceAccountName: serviceAccountName('reviews'),
      defaultVersion: 'v1',
    });
    for (const v of props.reviewsVersions ?? ['v1', 'v2', 'v3']) {
      const version = this.reviews.addVersion(v, {
        image: image(`reviews-${v}`),
        env: { LOG_DIR: '/tmp/logs' },
        resources,
        hardened,
      });
      // WebSphere Liberty writes its logs and work files: give it writable scratch space
      version.container!.mount('/tmp', kplus.Volume.fromEmptyDir(version, 'tmp', 'tmp'));
      version.container!.mount('/opt/ibm/wlp/output', kplus.Volume.fromEmptyDir(version, 'wlp-output', 'wlp-output'));
    }

    this.productpage = addService('productpage', {
      ports: http,
      serviceAccountName: serviceAccountName('productpage'),
      versions: [{
        name: 'v1',
        image: image('productpage-v1'),
        resources,
        hardened,
        podAnnotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '9080',
          'prometheus.io/path': '/metrics',
        },
      }],
    });
    this.productpage.version('v1').container!.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'productpage-tmp', 'tmp'));

    // the calls bookinfo makes: each service is allowed only from its callers (in a mesh that
    // denies by default), and a scoped sidecar knows only what its service calls
    this.productpage.calls(this.details, { ports: [9080], methods: ['GET'] });
    this.productpage.calls(this.reviews, { ports: [9080], methods: ['GET'] });
    this.reviews.calls(this.ratings, { ports: [9080], methods: ['GET'] });
  }
}
