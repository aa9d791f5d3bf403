import { MtlsMode } from '../../src';
import { MtlsScope, resolveMtls } from '../../src/model/mtls';

const { STRICT, PERMISSIVE, DISABLE, UNSET } = MtlsMode;

describe('resolveMtls', () => {
  test.each([
    // the mesh alone: its mode, UNSET is Istio's default
    [{ mesh: STRICT }, STRICT, MtlsScope.MESH],
    [{ mesh: DISABLE }, DISABLE, MtlsScope.MESH],
    [{ mesh: UNSET }, PERMISSIVE, MtlsScope.MESH],
    // a namespace mode overrides the mesh's; UNSET (or none) inherits it
    [{ mesh: STRICT, namespace: PERMISSIVE }, PERMISSIVE, MtlsScope.NAMESPACE],
    [{ mesh: STRICT, namespace: UNSET }, STRICT, MtlsScope.MESH],
    [{ mesh: UNSET, namespace: UNSET }, PERMISSIVE, MtlsScope.MESH],
    [{ mesh: UNSET, namespace: STRICT }, STRICT, MtlsScope.NAMESPACE],
    // the workload overrides the namespace; UNSET inherits the namespace's, then the mesh's
    [{ mesh: STRICT, namespace: DISABLE, workload: STRICT }, STRICT, MtlsScope.WORKLOAD],
    [{ mesh: STRICT, namespace: DISABLE, workload: UNSET }, DISABLE, MtlsScope.NAMESPACE],
    [{ mesh: DISABLE, workload: UNSET }, DISABLE, MtlsScope.MESH],
    // the port overrides the workload; UNSET inherits the workload's, then the namespace's
    [{ mesh: STRICT, workload: PERMISSIVE, port: DISABLE }, DISABLE, MtlsScope.PORT],
    [{ mesh: STRICT, workload: PERMISSIVE, port: UNSET }, PERMISSIVE, MtlsScope.WORKLOAD],
    [{ mesh: STRICT, namespace: DISABLE, workload: UNSET, port: UNSET }, DISABLE, MtlsScope.NAMESPACE],
    [{ mesh: UNSET, namespace: UNSET, workload: UNSET, port: UNSET }, PERMISSIVE, MtlsScope.MESH],
    [{ mesh: UNSET, namespace: UNSET, workload: UNSET, port: STRICT }, STRICT, MtlsScope.PORT],
  ])('%j accepts %s, decided by the %s', (settings, mode, scope) => {
    // WHEN
    const effective = resolveMtls(settings);
    // THEN
    expect(effective).toEqual({ mode, scope });
  });
});
