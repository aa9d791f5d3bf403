/**
 * An app as `cdk8s init typescript-app` writes it today: on cdk8s-plus-33, whose types it passes
 * into the library's options as they are. This file is type-checked by `npm test` (test/tsconfig.json,
 * and on its own by test/compat/plus33.test.ts): a library option that takes cdk8s-plus-27's types
 * again fails it.
 */
import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  ControlPlane, DataPlane, EnvFieldPath, EnvValue, Gateway, GatewayServer, GatewayServiceType, Mesh, Probe, ProbeScheme,
} from '../../src';

/** Requests and limits written with cdk8s-plus-33's `Cpu` and cdk8s's `Size`, typed as cdk8s-plus-33's `ContainerResources`. */
export const APP_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  ephemeralStorage: { limit: Size.gibibytes(1) },
};

/** cdk8s-plus-33's container security context, with its `Capability` values. */
export const APP_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  user: 1000,
  group: 3000,
  privileged: false,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: [kplus.Capability.ALL], add: [kplus.Capability.NET_BIND_SERVICE] },
};

/** cdk8s-plus-33's pod security context. */
export const POD_SECURITY: kplus.PodSecurityContextProps = { ensureNonRoot: true, user: 1000, group: 3000, fsGroup: 2000 };

/** The proxy's, istiod's and the ingress gateway's resources, each typed as cdk8s-plus-33's `ContainerResources`. */
export const PROXY_RESOURCES: kplus.ContainerResources = { cpu: { request: kplus.Cpu.millis(50) }, memory: { limit: Size.mebibytes(512) } };
export const ISTIOD_RESOURCES: kplus.ContainerResources = { cpu: { request: kplus.Cpu.millis(200) }, memory: { request: Size.gibibytes(1) } };
export const GATEWAY_RESOURCES: kplus.ContainerResources = { cpu: { request: kplus.Cpu.millis(300) }, memory: { limit: Size.gibibytes(2) } };

/** The app: a ConfigMap and a Secret of cdk8s-plus-33, and a mesh whose service reads them. */
export function buildPlus33App(chart: Chart): Mesh {
  const config = new kplus.ConfigMap(chart, 'config', { metadata: { name: 'api-config' }, data: { mode: 'fast' } });
  const secret = new kplus.Secret(chart, 'secret', { metadata: { name: 'api-secret' }, stringData: { token: 't0k3n' } });
  const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() });
  new ControlPlane(chart, 'istiod', { mesh, resources: ISTIOD_RESOURCES });
  const api = mesh.addService('api', { ports: [{ port: 8080 }], proxy: { resources: PROXY_RESOURCES } });
  api.addVersion('v1', {
    image: 'example/api:1.0',
    resources: APP_RESOURCES,
    securityContext: APP_SECURITY,
    podSecurityContext: POD_SECURITY,
    readinessProbe: Probe.httpGet({ path: '/healthz', scheme: ProbeScheme.HTTP }),
    envValues: {
      MODE: EnvValue.fromConfigMapKey(config.name, 'mode'),
      TOKEN: EnvValue.fromSecretKey(secret.name, 'token'),
      POD_IP: EnvValue.fromField(EnvFieldPath.POD_IP),
    },
  });
  new Gateway(mesh, 'ingress', {
    mesh,
    servers: [GatewayServer.http({ hosts: ['*'] })],
    serviceType: GatewayServiceType.NODE_PORT,
    resources: GATEWAY_RESOURCES,
  });
  return mesh;
}
