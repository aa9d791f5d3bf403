/**
 * Objects given more than once with the same kind, namespace and name (MESH010): the later one
 * replaces the earlier, as `kubectl apply` would, and only it is analyzed.
 */
import { Check } from '../check';
import { MESH } from '../messages';

export const duplicatesCheck: Check = {
  id: 'objects.duplicates',
  description: 'objects defined more than once',
  types: [MESH.DuplicateObject],
  run(ctx) {
    for (const { obj, count } of ctx.model.duplicates) {
      ctx.report(MESH.DuplicateObject, obj, `defined ${count} times: the last definition replaces the others (as with kubectl apply), and only it is analyzed`);
    }
  },
};
