import { CASES } from './cases/workloads';
import { full, run } from './helpers';

const portName = (svc: string, name: string, port: number, target: string | number) =>
  `IST0118 Service ${svc}: Port name ${name} (port: ${port}, targetPort: ${target}) doesn't follow the naming convention of Istio port.`;
const externalName = 'IST0150 Service ext: Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol '
  + 'from being forwarded correctly';
const addresses = 'IST0134 ServiceEntry db: ServiceEntry addresses are required for this protocol.';
const uid = (resource: string) => `IST0144 ${resource}: User ID (UID) 1337 is reserved for the sidecar proxy.`;
const noProxy = (ns: string, pod: string) => `IST0103 Pod ${ns}/${pod}: The pod ${ns}/${pod} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`;
const notInjected = (ns: string) => `IST0102 Namespace ${ns}: The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns} istio-injection=enabled' to enable it, `
  + `or 'kubectl label namespace ${ns} istio-injection=disabled' to explicitly mark it as not needing injection.`;
const noWorkloads = (policy: string, labels: string) => `IST0127 AuthorizationPolicy ${policy}: No matching workloads for this resource with the following labels: ${labels}`;
const versions = "MESH007 Service reviews: service 'reviews' runs 2 versions (v1, v2) but no VirtualService or Gateway API route routes it: "
  + 'requests go to every version in turn; add a VirtualService or an HTTPRoute with the Service as parent that says which version gets what';

describe('Service port names (IST0118, IST0150)', () => {
  test('a port whose name and appProtocol name no protocol is reported, with its target port as the cluster has it', () => {
    const messages = run(CASES['port name without protocol']);
    expect(full(messages)).toEqual([portName('web', 'web', 80, 8080)]);
    expect(messages[0].level).toBe('Info');
    expect(full(run(CASES['port name without protocol nor target port']))).toEqual([portName('web', 'web', 80, 80), portName('web', 'web2', 81, 'metrics')]);
  });

  test('protocol prefixes (any case), appProtocol, UDP and well-known ports are fine', () => {
    expect(full(run(CASES['protocol prefixes, appProtocol, UDP, well-known ports']))).toEqual([]);
  });

  test('as istioctl, SCTP names no protocol, and an empty appProtocol hides the port name', () => {
    expect(full(run(CASES['SCTP and an empty appProtocol name no protocol']))).toEqual([portName('web', 'http', 81, 81), portName('web', 'sctp', 80, 80)]);
  });

  test('Istio\'s own Services, managed gateways\' Services and Services of Kubernetes\' own namespaces are not checked', () => {
    expect(full(run(CASES['Istio\'s own Service']))).toEqual([]);
    expect(full(run(CASES['managed gateway Service']))).toEqual([]);
    expect(full(run(CASES['Service in a Kubernetes namespace']))).toEqual([]);
  });

  test('an ExternalName Service with a tcp or unnamed-protocol port is IST0150', () => {
    expect(full(run(CASES['ExternalName port tcp']))).toEqual([externalName]);
    expect(full(run(CASES['ExternalName port without protocol']))).toEqual([externalName]);
    expect(full(run(CASES['ExternalName port named for its protocol']))).toEqual([]);
  });
});

describe('ServiceEntries (IST0134, MESH011)', () => {
  test('TCP ports (any case) and ports without protocol need addresses', () => {
    expect(full(run(CASES['TCP port without addresses']))).toEqual([addresses]);
    expect(full(run(CASES['TCP port, resolution NONE']))).toEqual([addresses]);
    expect(full(run(CASES['TCP port with an empty addresses list']))).toEqual([addresses]);
    expect(full(run(CASES['ports without protocol, lower-case tcp']))).toEqual([addresses]);
  });

  test('istiod allocates addresses to entries resolved by DNS, unless opted out, for hosts that are no wildcards (but with DYNAMIC_DNS)', () => {
    expect(full(run(CASES['TCP port, resolution DNS: istiod allocates addresses']))).toEqual([]);
    expect(full(run(CASES['TCP port, resolution DNS, opted out of allocation']))).toEqual([addresses]);
    expect(full(run(CASES['wildcard host, resolution DNS']))).toEqual([addresses]);
    expect(full(run(CASES['wildcard host, resolution DYNAMIC_DNS']))).toEqual([]);
  });

  test('addresses, HTTP ports, or addresses allocated in the status are fine', () => {
    expect(full(run(CASES['TCP port with addresses']))).toEqual([]);
    expect(full(run(CASES['HTTP port without addresses']))).toEqual([]);
    expect(full(run(CASES['addresses allocated in the status']))).toEqual([]);
  });

  test('the mesh config allocates addresses with DNS capture and auto-allocation, from the istio ConfigMap or the option', () => {
    expect(full(run(CASES['auto-allocation in the istio ConfigMap']))).toEqual([]);
    expect(full(run(CASES['auto-allocation in the meshConfig option']))).toEqual([]);
    expect(full(run(CASES['PILOT_ENABLE_IP_AUTOALLOCATE with DNS capture']))).toEqual([]);
    expect(full(run(CASES['DNS capture without auto-allocation']))).toEqual([addresses]);
    expect(full(run(CASES['auto-allocation without DNS capture']))).toEqual([addresses]);
    expect(full(run(CASES['the istio ConfigMap of another namespace']))).toEqual([addresses]);
  });

  test('two entries giving one host and port different protocols conflict (MESH011)', () => {
    const conflict = (se: string, b: string) => `MESH011 ServiceEntry ${se}: multiple ServiceEntries (default/a, ${b}) define the same host "api.example.com" and port 443 `
      + 'with conflicting protocols (HTTPS, TLS)';
    expect(full(run(CASES['conflicting protocols']))).toEqual([conflict('a', 'default/b'), conflict('b', 'default/b')]);
    expect(full(run(CASES['same protocols']))).toEqual([]);
    expect(full(run(CASES['conflicting protocols, one exported to its namespace']))).toEqual([conflict('a', 'other/b'), conflict('other/b', 'other/b')]);
  });
});

describe('a Deployment behind several Services (IST0116, IST0137)', () => {
  test('one port with two protocols is IST0116, the Services in order', () => {
    expect(full(run(CASES['one port, two protocols']))).toEqual([
      'IST0116 Deployment web: This deployment web is associated with multiple services using port 80 but different protocols: [default/a default/b]',
    ]);
  });

  test('one target port behind two ports is IST0137', () => {
    expect(full(run(CASES['one target port, two ports']))).toEqual([
      'IST0137 Deployment web: This deployment web is associated with multiple services [default/a default/b] using targetPort "8080" but different ports: [80 8080].',
    ]);
  });

  test('Services that agree, or a Deployment out of the mesh as istioctl reads it, are fine', () => {
    for (const name of ['Services that agree', 'opted out by annotation', 'opted out by label', 'namespace not injected',
      'undeclared namespace not assumed injected', 'namespace with a revision label', 'waypoint Deployment'] as const) {
      expect(full(run(CASES[name]))).toEqual([]);
    }
  });
});

describe('the proxy user (IST0144)', () => {
  test('a container or pod running as 1337 is reported on its Deployment, StatefulSet or Pod', () => {
    expect(full(run(CASES['container as 1337']))).toEqual([uid('Deployment web')]);
    expect(full(run(CASES['pod as 1337']))).toEqual([uid('Deployment web')]);
    expect(full(run(CASES['StatefulSet container as 1337']))).toEqual([uid('StatefulSet web')]);
    expect(full(run(CASES['Pod container as 1337']))).toEqual([noProxy('default', 'debug'), uid('Pod default/debug')]);
  });

  test('another user, the istio-proxy and istio-operator containers, and Istio\'s own workloads are fine', () => {
    expect(full(run(CASES['another user']))).toEqual([]);
    expect(full(run(CASES['istio-proxy and istio-operator as 1337']))).toEqual([]);
    expect(full(run(CASES['Istio\'s own workload as 1337']))).toEqual([]);
  });
});

describe('Sidecars (IST0101, IST0110, IST0111, IST0167)', () => {
  test('a selector matching no pod of its namespace is not found', () => {
    expect(full(run(CASES['Sidecar selecting no pod']))).toEqual(['IST0101 Sidecar s: Referenced selector not found: "app=api"']);
    expect(full(run(CASES['Sidecar selecting a pod of another namespace']))).toEqual(['IST0101 Sidecar other/s: Referenced selector not found: "app=web"']);
    expect(full(run(CASES['Sidecar selecting a pod']))).toEqual([]);
  });

  test('two Sidecars selecting one pod conflict', () => {
    const message = 'The Sidecars [a b] in namespace "default" select the same workload pod "web", which can lead to undefined behavior.';
    expect(full(run(CASES['two Sidecars, one pod']))).toEqual([`IST0110 Sidecar a: ${message}`, `IST0110 Sidecar b: ${message}`]);
  });

  test('two Sidecars without selector in one namespace conflict; one is fine', () => {
    const message = 'The Sidecars [a b] in namespace "default" have no workload selector, which can lead to undefined behavior.';
    expect(full(run(CASES['two Sidecars without selector']))).toEqual([`IST0111 Sidecar a: ${message}`, `IST0111 Sidecar b: ${message}`]);
    expect(full(run(CASES['one Sidecar without selector']))).toEqual([]);
  });

  test('Sidecars have no effect in ambient mode', () => {
    const namespaceMode = (sc: string) => `IST0167 Sidecar mesh/${sc}: The policy has no impact: namespace is in ambient mode, the policy has no impact.`;
    expect(full(run(CASES['Sidecar without selector in an ambient namespace']))).toEqual([namespaceMode('a'), namespaceMode('b')]);
    expect(full(run(CASES['Sidecar selecting a pod in ambient mode']))).toEqual([
      'IST0167 Sidecar mesh/s: The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
    ]);
    expect(full(run(CASES['Sidecar selecting a Pod annotated for ambient']))).toEqual([
      noProxy('default', 'web-1'),
      'IST0167 Sidecar s: The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
    ]);
  });

  test('a namespace with sidecar injection is not in ambient mode', () => {
    expect(full(run(CASES['Sidecar without selector in an ambient namespace with sidecar injection']))).toEqual([
      'IST0123 Namespace mesh: The namespace has more than one type of injection labels [istio-injection=enabled istio.io/dataplane-mode=ambient], '
      + 'which may lead to undefined behavior. Make sure only one injection label exists.',
    ]);
  });
});

describe('AuthorizationPolicies (IST0127, IST0101)', () => {
  test('a selector matching no pod in the mesh (or in ambient mode) is reported', () => {
    expect(full(run(CASES['policy selecting no pod']))).toEqual([noWorkloads('default/allow', 'app=api')]);
    expect(full(run(CASES['policy selecting a pod out of the mesh']))).toEqual([noWorkloads('default/allow', 'app=web')]);
    // the injector leaves out a pod annotated sidecar.istio.io/inject: "false" that the webhook selects
    expect(full(run(CASES['policy selecting a pod opted out by annotation']))).toEqual([noWorkloads('default/allow', 'app=web')]);
    expect(full(run(CASES['policy selecting a pod']))).toEqual([]);
    // an Argo Rollout runs its template's pods; a kind named Rollout of another group is not a workload
    expect(full(run(CASES['policy selecting the pods of a Rollout']))).toEqual([]);
    expect(full(run(CASES['policy selecting a Rollout of another group']))).toEqual([noWorkloads('default/allow', 'app=web')]);
    expect(full(run(CASES['policy selecting a pod in ambient mode']))).toEqual([]);
  });

  test('a policy in the root namespace (the mesh config\'s) selects across namespaces', () => {
    expect(full(run(CASES['policy in the root namespace']))).toEqual([]);
    expect(full(run(CASES['policy in the mesh config\'s root namespace']))).toEqual([]);
  });

  test('a namespace-wide policy in a namespace without pods is reported; an empty selector is namespace-wide', () => {
    expect(full(run(CASES['namespace-wide policy without pods']))).toEqual([noWorkloads('empty/allow', '')]);
    expect(full(run(CASES['namespace-wide policy with an empty selector']))).toEqual([]);
  });

  test('as istioctl, a targetRef is not looked at', () => {
    expect(full(run(CASES['policy with a targetRef']))).toEqual([]);
  });

  test('source namespaces must exist: exact names ignore case, wildcards do not, Kubernetes\' own do not exist', () => {
    expect(full(run(CASES['source namespaces']))).toEqual([
      'IST0101 AuthorizationPolicy default/allow: Referenced namespace not found: "Team-*"',
      'IST0101 AuthorizationPolicy default/allow: Referenced namespace not found: "ghost"',
      'IST0101 AuthorizationPolicy default/allow: Referenced namespace not found: "kube-system"',
      notInjected('team-a'),
    ]);
  });
});

describe('injection (IST0102, IST0103, IST0123, IST0148)', () => {
  test('a namespace without injection label is reported; enabled, disabled, revision, ambient, system and istio-system namespaces are not', () => {
    expect(full(run(CASES['namespace injection labels']))).toEqual([notInjected('empty'), notInjected('shop')]);
  });

  test('a root namespace other than istio-system is checked as any other', () => {
    expect(full(run(CASES['root namespace of another name']))).toEqual([notInjected('mesh-root')]);
  });

  test('more than one kind of injection label is IST0123', () => {
    const labels = (ns: string, list: string) => `IST0123 Namespace ${ns}: The namespace has more than one type of injection labels [${list}], `
      + 'which may lead to undefined behavior. Make sure only one injection label exists.';
    expect(full(run(CASES['both injection labels']))).toEqual([labels('both', 'istio-injection=enabled istio.io/rev=canary')]);
    // a disabled namespace's other labels do not count
    expect(full(run(CASES['injection and ambient labels']))).toEqual([
      labels('a', 'istio-injection=enabled istio.io/dataplane-mode=ambient'),
      labels('c', 'istio.io/rev=canary istio.io/dataplane-mode=ambient'),
    ]);
  });

  test('with enableNamespacesByDefault, an unlabelled namespace is IST0148 and its pods are injected', () => {
    expect(full(run(CASES['namespaces injected by default']))).toEqual([
      'IST0148 Namespace shop: is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    ]);
  });

  test('a Pod without the proxy in an injected namespace is IST0103, unless it opts out or uses the host network', () => {
    // a, e (istio-proxy without image), g (the label, true, wins over the annotation); not b, c, d, f nor the Deployment's pod
    expect(full(run(CASES['pods without proxy']))).toEqual([noProxy('on', 'a'), noProxy('on', 'e'), noProxy('on', 'g')]);
    expect(full(run(CASES['pods without proxy in an undeclared namespace']))).toEqual([noProxy('shop', 'a')]);
  });

  test('as istioctl, a revision label does not make a namespace\'s pods checked', () => {
    expect(full(run(CASES['pods without proxy in a revision namespace']))).toEqual([]);
  });

  test('a pod template labelled sidecar.istio.io/inject=true is injected only in a namespace without injection label', () => {
    // the policies find their pods in the mesh either way (istioctl counts the label)
    expect(full(run(CASES['templates opting in and out']))).toEqual([notInjected('plain')]);
  });
});

describe('image: auto (IST0146, IST0147)', () => {
  test('a proxy with image: auto that the webhook injects is fine', () => {
    expect(full(run(CASES['image auto injected']))).toEqual([]);
  });

  test('one no webhook injects: the pod still has image: auto (IST0147), and the Deployment no webhook selects (IST0146)', () => {
    const auto = (resource: string, kind: string, name: string) => `${resource}: ${kind} ${name} contains \`image: auto\` but does not match any Istio injection webhook selectors.`;
    expect(full(run(CASES['image auto not injected']))).toEqual([
      auto('IST0147 Deployment off/web', 'Pod', 'web'),
      auto('IST0147 Pod default/debug', 'Pod', 'debug'),
      auto('IST0146 Deployment off/web', 'Deployment', 'web'),
    ]);
    expect(full(run(CASES['image auto of a StatefulSet not injected']))).toEqual([auto('IST0147 StatefulSet off/web', 'Pod', 'web')]);
  });
});

describe('versions without mesh routing (MESH007)', () => {
  test('a service running two versions without a VirtualService or route is reported', () => {
    const messages = run(CASES['two versions without routing']);
    expect(full(messages)).toEqual([versions]);
    expect(messages[0].level).toBe('Info');
  });

  test('one version, a mesh VirtualService for the host (also by wildcard), or a Gateway API route with the Service as parent is fine', () => {
    for (const name of ['one version', 'two versions with a VirtualService', 'two versions with a wildcard VirtualService', 'two versions with an HTTPRoute',
      'two versions with a GRPCRoute in another namespace'] as const) {
      expect(full(run(CASES[name]))).toEqual([]);
    }
  });

  test('a gateway VirtualService, or a route of another Service or of a Gateway, is no mesh routing', () => {
    expect(full(run(CASES['two versions with a gateway VirtualService']))).toEqual([
      'IST0101 VirtualService r: Referenced gateway not found: "web"',
      'IST0132 VirtualService r: one or more host [reviews] defined in VirtualService default/r not found in Gateway default/web.',
      versions,
    ]);
    expect(full(run(CASES['two versions with an HTTPRoute to another Service']))).toEqual([versions]);
    expect(full(run(CASES['two versions with an HTTPRoute of a Gateway']))).toEqual([versions]);
  });
});
