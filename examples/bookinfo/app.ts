import { App, Chart } from 'cdk8s';
import { Bookinfo, BookinfoProps } from './bookinfo';
import { addBookinfoIngress } from './ingress';
import { AuthorizationMode, ControlPlane, DataPlane, IstioCrds, Mesh } from '../../src';

/** The charts of the whole bookinfo mesh, in apply order. */
export interface BookinfoApp {
  /** Istio's CRDs (when given), the namespaces and mesh-wide policy. */
  readonly base: Chart;
  /** istiod. */
  readonly controlPlane: Chart;
  /** The bookinfo services, their workloads (with injected proxies) and routing. */
  readonly bookinfo: Bookinfo;
  /** The mesh. */
  readonly mesh: Mesh;
}

/**
 * The entire bookinfo mesh: control plane, synth-time injected data plane, bookinfo and its ingress
 * gateway (Istio's `bookinfo-gateway.yaml` plus the gateway workload it selects), in three
 * charts whose dependencies give the apply order (files `0000-…`, `0001-…`, `0002-…`):
 * CRDs and namespaces first, then istiod, then the workloads.
 */
export function buildBookinfoApp(app: App, crds: IstioCrds = IstioCrds.none(), bookinfoProps: Omit<BookinfoProps, 'mesh'> = {}): BookinfoApp {
  const base = new Chart(app, 'istio-base');
  // zero trust: only the calls bookinfo declares pass, and each sidecar is scoped to them
  const mesh = new Mesh(base, 'mesh', {
    crds,
    dataPlane: DataPlane.synthTime(),
    authorization: AuthorizationMode.DENY_BY_DEFAULT,
    sidecarScoping: true,
  });

  const controlPlane = new Chart(app, 'istio-control-plane');
  new ControlPlane(controlPlane, 'istiod', { mesh });
  controlPlane.addDependency(base);

  const bookinfo = new Bookinfo(app, 'bookinfo', { ...bookinfoProps, mesh });
  bookinfo.addDependency(controlPlane);
  addBookinfoIngress(bookinfo);
  return { base, controlPlane, bookinfo, mesh };
}
