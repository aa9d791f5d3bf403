import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Two objects of one kind with one name in one namespace: the second would overwrite the first
 * when applied (e.g. an ExternalService and a MeshService that share a name).
 */
export function duplicateObjects(root: IConstruct): string[] {
  const seen = new Map<string, ApiObject>();
  const problems: string[] = [];
  // the whole app: services of this mesh may live in other charts
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) {
      continue;
    }
    const key = `${c.apiGroup}/${c.kind}/${c.metadata.namespace ?? ''}/${c.name}`;
    const first = seen.get(key);
    if (first) {
      const where = c.metadata.namespace ? ` in namespace '${c.metadata.namespace}'` : '';
      problems.push(`${c.kind} '${c.name}'${where} is emitted twice, by ${first.node.path} and ${c.node.path}: give one of them another name`);
    } else {
      seen.set(key, c);
    }
  }
  return problems;
}
