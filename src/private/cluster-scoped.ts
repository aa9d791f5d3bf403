import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/** Removes the namespace a Chart's `namespace` prop would stamp on a cluster-scoped object. */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
