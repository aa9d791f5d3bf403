/**
 * Kubernetes strategic merge of a partial pod onto a pod, for the fields of the Pod schema that
 * carry a merge key (containers by name, env by name, ports by containerPort, …). Maps merge
 * recursively, `null` deletes, lists without a merge key are replaced, and list items without a
 * match are appended in patch order.
 */
import { clone, isObject, Json } from './json';

/** Merge keys of the pod's lists, by the type that holds them. */
const LIST_KEYS: { [type: string]: { [field: string]: [string, string | undefined] } } = {
  Pod: { },
  PodSpec: {
    containers: ['name', 'Container'],
    initContainers: ['name', 'Container'],
    ephemeralContainers: ['name', 'Container'],
    volumes: ['name', undefined],
    imagePullSecrets: ['name', undefined],
    hostAliases: ['ip', undefined],
    resourceClaims: ['name', undefined],
    topologySpreadConstraints: ['topologyKey', undefined],
  },
  Container: {
    env: ['name', undefined],
    ports: ['containerPort', undefined],
    volumeMounts: ['mountPath', undefined],
    volumeDevices: ['devicePath', undefined],
  },
};

/** Nested object fields whose type has list keys. */
const OBJECT_TYPES: { [type: string]: { [field: string]: string } } = {
  Pod: { spec: 'PodSpec' },
};

function stripNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]));
}

function mergeMap(original: Json, patch: Json, type: string | undefined): Json {
  const out: Json = isObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const listKey = type ? LIST_KEYS[type]?.[key] : undefined;
    if (listKey && Array.isArray(value) && Array.isArray(out[key])) {
      out[key] = mergeList(out[key], value, listKey[0], listKey[1]);
    } else if (isObject(value) && isObject(out[key])) {
      out[key] = mergeMap(out[key], value, type ? OBJECT_TYPES[type]?.[key] : undefined);
    } else {
      out[key] = stripNulls(clone(value));
    }
  }
  return out;
}

/**
 * Merges a list with a merge key as Kubernetes' strategic merge patch does (apimachinery's
 * `mergeSlice`): items of the patch merge into the original item with the same key or are added,
 * and the result is ordered the way `normalizeElementOrder` orders it. The patch's items keep the
 * patch's order; each original item that the patch does not mention is placed before the patch
 * item it is compared with only when both are in the original list and it comes first there. So
 * items new to the list come before the remaining original items (Istio's volumes come before the
 * pod's own ones), and an original item stays after the patch items that precede it.
 */
function mergeList(original: Json[], patch: Json[], key: string, itemType: string | undefined): Json[] {
  const keyOf = (item: Json) => (isObject(item) ? item[key] : undefined);
  const merged = original.map(clone);
  for (const item of patch) {
    const index = isObject(item) ? merged.findIndex(o => keyOf(o) === keyOf(item)) : -1;
    if (index >= 0) {
      merged[index] = mergeMap(merged[index], item, itemType);
    } else {
      merged.push(stripNulls(clone(item)));
    }
  }
  const indexIn = (list: Json[], item: Json) => list.findIndex(o => keyOf(o) === keyOf(item));
  // the items the patch names, in the patch's order; the others keep the original order
  const patchItems = merged.filter(o => indexIn(patch, o) >= 0).sort((a, b) => indexIn(patch, a) - indexIn(patch, b));
  const serverOnly = merged.filter(o => indexIn(patch, o) < 0);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (j >= patchItems.length) {
      out.push(serverOnly[i++]);
    } else if (i >= serverOnly.length) {
      out.push(patchItems[j++]);
    } else {
      const left = indexIn(original, serverOnly[i]);
      const right = indexIn(original, patchItems[j]);
      out.push(left >= 0 && right >= 0 && left < right ? serverOnly[i++] : patchItems[j++]);
    }
  }
  return out;
}

/** Strategically merges `patch` (a partial pod: metadata and spec) onto `pod`, returning a new pod. */
export function mergePod(pod: Json, patch: Json): Json {
  return mergeMap(clone(pod), patch, 'Pod');
}

/** Strategically merges one container onto the same-named container of a pod's `field` list. */
export function mergeContainer(pod: Json, field: 'containers' | 'initContainers', container: Json): Json {
  return mergePod(pod, { spec: { [field]: [container] } });
}
