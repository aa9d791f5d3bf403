/**
 * A copy of a JSON value with the keys of every mapping sorted (by UTF-16 code unit), as Go's
 * encoders write Kubernetes objects and as cdk8s writes every object it synthesizes.
 */
export function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys(value[k])]));
}
