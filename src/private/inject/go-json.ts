/**
 * JSON of Kubernetes objects the way Go's encoding/json writes them: struct fields in declaration
 * order, zero values of `omitempty` fields left out, and `resources` always present on a container.
 * Istio stores some of these strings in annotations (`proxy.istio.io/overrides`), so the field
 * order is part of the output.
 */
import { Json } from './json';
import { canonicalQuantity } from './quantity';

/** Field order per type; a field's type (for nested objects and lists) after the colon. */
const FIELDS: { [type: string]: string[] } = {
  Container: [
    'name', 'image', 'command', 'args', 'workingDir', 'ports:ContainerPort', 'envFrom', 'env:EnvVar', 'resources:ResourceRequirements',
    'resizePolicy', 'restartPolicy', 'volumeMounts:VolumeMount', 'volumeDevices', 'livenessProbe:Probe', 'readinessProbe:Probe',
    'startupProbe:Probe', 'lifecycle:Lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
    'securityContext:SecurityContext', 'stdin', 'stdinOnce', 'tty',
  ],
  ContainerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  EnvVar: ['name', 'value', 'valueFrom'],
  ResourceRequirements: ['limits:Quantities', 'requests:Quantities', 'claims'],
  VolumeMount: ['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'],
  SecurityContext: [
    'capabilities:Capabilities', 'privileged', 'seLinuxOptions', 'windowsOptions', 'runAsUser', 'runAsGroup', 'runAsNonRoot',
    'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'procMount', 'seccompProfile', 'appArmorProfile',
  ],
  Capabilities: ['add', 'drop'],
  Probe: [
    'exec', 'httpGet:HTTPGetAction', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold',
    'failureThreshold', 'terminationGracePeriodSeconds',
  ],
  HTTPGetAction: ['path', 'port', 'host', 'scheme', 'httpHeaders'],
  Lifecycle: ['postStart:Handler', 'preStop:Handler', 'stopSignal'],
  Handler: ['exec', 'httpGet:HTTPGetAction', 'tcpSocket', 'sleep'],
};

/** Fields written even when empty (no `omitempty` in the Go type). */
const ALWAYS: { [type: string]: string[] } = {
  Container: ['name', 'resources'],
  ContainerPort: ['containerPort'],
  EnvVar: ['name'],
  VolumeMount: ['name', 'mountPath'],
  HTTPGetAction: ['port'],
};

/** Types whose scalar fields are pointers in Go: zero values are kept. */
const POINTER_FIELDS = ['SecurityContext'];

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

function ordered(value: Json, type: string | undefined): Json {
  if (Array.isArray(value)) return value.map(v => ordered(v, type));
  if (value === null || typeof value !== 'object') return value;
  if (type === 'Quantities') {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, canonicalQuantity(value[k]) ?? value[k]]));
  }
  const fields = type ? FIELDS[type] : undefined;
  if (!fields) return value;
  const out: Json = {};
  const known = new Set<string>();
  for (const spec of fields) {
    const [name, fieldType] = spec.split(':');
    known.add(name);
    const v = value[name];
    const always = ALWAYS[type!]?.includes(name);
    const pointer = POINTER_FIELDS.includes(type!) && v !== undefined && v !== null && typeof v !== 'object';
    if (isEmpty(v) && !always && !pointer) continue;
    out[name] = v === undefined ? (name === 'resources' ? {} : v) : ordered(v, fieldType);
  }
  for (const [k, v] of Object.entries(value)) {
    if (!known.has(k) && !isEmpty(v)) out[k] = v;
  }
  return out;
}

/** A container as Go's JSON encoder writes it (e.g. `{"name":"istio-proxy","resources":{},"imagePullPolicy":"IfNotPresent"}`). */
export function goContainer(container: Json): Json {
  return ordered(container, 'Container');
}
