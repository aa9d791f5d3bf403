import { Chart, Testing, Yaml } from 'cdk8s';
import { AuthorizationAction, AuthorizationPolicy, Gateway, GatewayServer, Mesh } from '../src';
const app = Testing.app();
const chart = new Chart(app, 'test');
const mesh = new Mesh(chart, 'mesh');
const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }, { port: 3306, protocol: 'TCP' as any }], versions: [{ name: 'v1', image: 'r:1' }],
  requestAuthentication: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks' }], requireToken: true } });
new AuthorizationPolicy(chart, 'p', { mesh, service: reviews, rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/productpage'] }], to: [{ methods: ['GET'], ports: [9080] }] }] });
new AuthorizationPolicy(chart, 'deny', { mesh, namespace: 'default', action: AuthorizationAction.DENY, rules: [{ from: [{ ipBlocks: ['10.0.0.0/8'] }] }] });
new AuthorizationPolicy(chart, 'mesh-wide', { mesh });
const gw = new Gateway(mesh, 'ingress', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })], requestAuthentication: { jwtRules: [{ issuer: 'a', jwks: '{"keys":[{"kty":"RSA"}]}' }], requireToken: true } });
new AuthorizationPolicy(chart, 'gw', { mesh, gateway: gw, action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ to: [{ paths: ['/admin/*'] }] }] });
const objs = Testing.synth(chart).filter((o: any) => o.apiVersion.startsWith('security'));
console.log(Yaml.stringify(...objs));
