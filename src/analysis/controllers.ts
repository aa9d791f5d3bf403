/**
 * What progressive-delivery controllers create at runtime for their resources in the manifests,
 * as the cluster will hold it once they reconcile: the analysis reads these objects like the
 * cluster's (they resolve hosts, select pods, are checked against) but never reports on them.
 *
 * Flagger (`flagger.app/v1beta1` `Canary`, provider `istio`, target a Deployment of the input), as
 * Flagger v1.44.0 writes them (pkg/router/kubernetes_default.go, pkg/router/istio.go,
 * pkg/canary/deployment_controller.go): the primary Deployment `<target>-primary` (the target's
 * copy, its selector label's value suffixed `-primary` in its labels, pod labels and selector),
 * the Services `<svc>` and `<svc>-primary` selecting the primary's pods and `<svc>-canary`
 * selecting the target's (one port: `spec.service.port`, `portName` or `http`, `targetPort` or the
 * port), the DestinationRules `<svc>-primary` and `<svc>-canary` (`spec.service.trafficPolicy`),
 * and the VirtualService `<svc>` (hosts `spec.service.hosts` and `<svc>`, gateways
 * `spec.service.gateways` or `mesh`) sending everything to the primary before any analysis.
 */

/** Flagger's default selector labels (its `-selector-labels` flag), in the order it tries them. */
const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

/** The objects controllers create for the resources among `objects` (raw manifests). */
export function controllerObjects(objects: readonly any[]): any[] {
  return objects.filter(isFlaggerIstioCanary).flatMap(canary => flaggerObjects(canary, objects));
}

function isFlaggerIstioCanary(o: any): boolean {
  return o?.apiVersion === 'flagger.app/v1beta1' && o.kind === 'Canary'
    && (o.spec?.provider === undefined || o.spec.provider === 'istio') && o.spec?.targetRef?.kind === 'Deployment';
}

function namespaceOf(o: any): string {
  return typeof o?.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : 'default';
}

function flaggerObjects(canary: any, objects: readonly any[]): any[] {
  const namespace = namespaceOf(canary);
  const spec = canary.spec;
  const targetName = spec.targetRef.name;
  const target = objects.find(o => o?.kind === 'Deployment' && o.metadata?.name === targetName && namespaceOf(o) === namespace);
  const service = spec.service;
  if (!target || typeof service?.port !== 'number') return [];
  const matchLabels = target.spec?.selector?.matchLabels ?? {};
  const label = FLAGGER_SELECTOR_LABELS.find(l => typeof matchLabels[l] === 'string');
  if (label === undefined) return [];
  const value: string = matchLabels[label];
  const primaryValue = `${value}-primary`;
  const relabel = (labels: any) => ({ ...labels ?? {}, [label]: primaryValue });
  const apex: string = service.name ?? targetName;
  const meta = (name: string) => ({ name, namespace });

  const primary = {
    ...target,
    metadata: { ...meta(`${targetName}-primary`), labels: relabel(target.metadata?.labels) },
    spec: {
      ...target.spec,
      selector: { matchLabels: { [label]: primaryValue } },
      template: { ...target.spec.template, metadata: { ...target.spec.template?.metadata, labels: relabel(target.spec.template?.metadata?.labels) } },
    },
  };
  const port = {
    name: service.portName ?? 'http',
    protocol: 'TCP',
    port: service.port,
    targetPort: service.targetPort ?? service.port,
    ...service.appProtocol ? { appProtocol: service.appProtocol } : {},
  };
  const svc = (name: string, selector: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta(name), labels: { [label]: name } },
    spec: { type: 'ClusterIP', selector: { [label]: selector }, ports: [port] },
  });
  const rule = (name: string) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta(name),
    spec: { host: name, ...service.trafficPolicy ? { trafficPolicy: service.trafficPolicy } : {} },
  });
  const hosts: string[] = [...service.hosts ?? []];
  if (!hosts.some(h => h === apex || h === '*')) hosts.push(apex);
  const gateways: string[] = service.gateways?.length ? [...service.gateways] : ['mesh'];
  const route = [
    { destination: { host: `${apex}-primary` }, weight: 100 },
    { destination: { host: `${apex}-canary` }, weight: 0 },
  ];
  const routeFields = Object.fromEntries(['match', 'rewrite', 'timeout', 'retries', 'corsPolicy', 'headers']
    .filter(f => service[f] !== undefined).map(f => [f, service[f]]));
  const virtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: meta(apex),
    spec: {
      hosts,
      gateways,
      ...String(service.appProtocol ?? '').toLowerCase() === 'tcp'
        ? { tcp: [{ route }] }
        : { http: [{ ...routeFields, route }] },
    },
  };
  return [
    primary,
    svc(apex, primaryValue), svc(`${apex}-primary`, primaryValue), svc(`${apex}-canary`, value),
    rule(`${apex}-primary`), rule(`${apex}-canary`),
    virtualService,
  ];
}
