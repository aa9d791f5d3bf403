/**
 * The Kubernetes objects of a gateway workload, shaped like Istio's `gateway` Helm chart: a
 * Deployment whose only container is `istio-proxy` with `image: auto` (turned into an Envoy router
 * by the injection engine's `gateway` template at synthesis), its Service, ServiceAccount, a Role
 * and RoleBinding to read TLS Secrets, and optionally a HorizontalPodAutoscaler and a
 * PodDisruptionBudget.
 */
import { ApiObject } from 'cdk8s';
import {
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeRole,
  KubeRoleBinding,
  KubeService,
  KubeServiceAccount,
  MetricSpecV2,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { ResolvedWorkload, STATUS_PORT } from './workload-options';
import { DataPlane } from '../../data-plane';
import type { IMesh } from '../../interfaces/mesh';
import { InjectionSettings } from '../inject';
import { ANNOTATION, LABEL } from '../istio-names';
import { PROXY_CONTAINER } from '../proxy-ports';
import { quantityMap } from '../resources';
import { injectAtSynth } from '../sidecar';

/** The namespace of a gateway workload when none is given. */
export function defaultGatewayNamespace(egress: boolean): string {
  return egress ? 'istio-egress' : 'istio-ingress';
}

/** Everything the objects are made from. */
export interface WorkloadConfig extends ResolvedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly istioLabel: string;
  /** Whether Istio's webhook watches the namespace: then the pods say they are injected already. */
  readonly webhookNamespace: boolean;
  readonly injection: () => InjectionSettings;
  /** Whether the namespace enforces the restricted Pod Security Standard: then the pods get the runtime's seccomp profile. */
  readonly restricted: boolean;
}

/** The objects created. */
export interface WorkloadObjects {
  readonly deployment: ApiObject;
  readonly service: ApiObject;
  readonly serviceAccount: ApiObject;
  readonly role: ApiObject;
  readonly roleBinding: ApiObject;
  readonly autoscaler?: ApiObject;
  readonly disruptionBudget?: ApiObject;
}

/**
 * The namespace object of a gateway namespace. A namespace new to the mesh is added with
 * `DataPlane.none()` (`istio-injection: disabled`): gateway pods arrive injected, and neither of
 * Istio's webhooks may inject them again. The root namespace has no application namespace object.
 */
export function gatewayNamespace(mesh: IMesh, namespace: string): ApiObject | undefined {
  if (namespace === mesh.rootNamespace) {
    return undefined;
  }
  return mesh.namespaces.includes(namespace) ? mesh.addNamespace(namespace) : mesh.addNamespace(namespace, { dataPlane: DataPlane.none() });
}

/** The labels the Deployment, Service and PodDisruptionBudget select pods by (as Istio's chart). */
export function workloadSelector(c: { name: string; istioLabel: string }): { [key: string]: string } {
  return { app: c.name, istio: c.istioLabel };
}

/** Labels of every object of the workload, and of its pods. */
function workloadLabels(c: WorkloadConfig): { [key: string]: string } {
  return {
    ...workloadSelector(c),
    'app.kubernetes.io/name': c.name,
    'app.kubernetes.io/part-of': 'istio',
    // ambient mode: the gateway is a proxy itself, ztunnel must not capture its traffic
    [LABEL.dataplaneMode]: 'none',
  };
}

/** Creates the workload's objects in `scope`. */
export function createWorkloadObjects(scope: Construct, c: WorkloadConfig): WorkloadObjects {
  const labels = workloadLabels(c);
  const metadata = { name: c.name, namespace: c.namespace, labels };
  const selector = workloadSelector(c);

  const serviceAccount = new KubeServiceAccount(scope, 'ServiceAccount', { metadata });

  const deployment = new KubeDeployment(scope, 'Deployment', {
    metadata,
    spec: {
      replicas: c.autoscaling ? undefined : c.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          annotations: { [ANNOTATION.templates]: 'gateway' },
          labels,
        },
        spec: {
          serviceAccountName: c.name,
          securityContext: {
            ...c.restricted ? { seccompProfile: { type: 'RuntimeDefault' } } : {},
            sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
          },
          containers: [{
            name: PROXY_CONTAINER,
            // replaced by the proxyv2 image of the mesh's Istio release when the gateway template is applied
            image: 'auto',
            securityContext: {
              capabilities: { drop: ['ALL'] },
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
            },
            ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
            resources: {
              limits: quantityMap(c.resources.limits),
              requests: quantityMap(c.resources.requests),
            },
          }],
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
  injectAtSynth(deployment, c.injection);
  if (c.webhookNamespace) {
    // the pods arrive injected: keep Istio's webhook from injecting them a second time
    const injected = deployment.toJson.bind(deployment);
    (deployment as { toJson: () => any }).toJson = () => {
      const json = injected();
      const podLabels = json.spec?.template?.metadata?.labels;
      if (podLabels) {
        podLabels[LABEL.inject] = 'false';
      }
      return json;
    };
  }

  const service = new KubeService(scope, 'Service', {
    metadata: { ...metadata, annotations: c.serviceAnnotations },
    spec: {
      type: c.serviceType,
      ports: [
        { name: 'status-port', port: STATUS_PORT, protocol: 'TCP', targetPort: IntOrString.fromNumber(STATUS_PORT) },
        ...c.ports.map(p => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: IntOrString.fromNumber(p.targetPort) })),
      ],
      selector,
    },
  });

  // the gateway serves certificates from Secrets of its namespace (credentialName): istiod checks
  // that the gateway's ServiceAccount may read them
  const role = new KubeRole(scope, 'Role', {
    metadata,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
  });
  const roleBinding = new KubeRoleBinding(scope, 'RoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: c.name },
    subjects: [{ kind: 'ServiceAccount', name: c.name, namespace: c.namespace }],
  });

  let autoscaler: ApiObject | undefined;
  if (c.autoscaling) {
    const metric = (name: string, utilization: number): MetricSpecV2 =>
      ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } });
    const a = c.autoscaling;
    autoscaler = new KubeHorizontalPodAutoscalerV2(scope, 'HorizontalPodAutoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.name },
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        metrics: [
          ...a.cpu !== undefined ? [metric('cpu', a.cpu)] : [],
          ...a.memory !== undefined ? [metric('memory', a.memory)] : [],
        ],
      },
    });
  }

  let disruptionBudget: ApiObject | undefined;
  if (c.disruptionBudget) {
    const b = c.disruptionBudget;
    disruptionBudget = new KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
      metadata,
      spec: {
        selector: { matchLabels: selector },
        minAvailable: b.minAvailable !== undefined ? IntOrString.fromNumber(b.minAvailable) : undefined,
        maxUnavailable: b.maxUnavailable !== undefined ? IntOrString.fromNumber(b.maxUnavailable) : undefined,
      },
    });
  }

  return { deployment, service, serviceAccount, role, roleBinding, autoscaler, disruptionBudget };
}
