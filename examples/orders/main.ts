import * as fs from 'fs';
import { YamlOutputType } from 'cdk8s';
import { buildOrdersApp } from './orders';
import { MeshApp } from '../../src';

// dist/orders: one team's app joining the cluster's mesh (MeshOwnership.appTeam) — its namespace,
// the orders service and its routing, a reference to the payments team's service, the shipping
// carrier's API through the installed egress gateway, the public route through the installed
// ingress gateway. MeshApp analyzes it (taking what it refers to as existing) and writes it atomically.
const app = new MeshApp({ outdir: 'dist/orders', yamlOutputType: YamlOutputType.FILE_PER_CHART });
buildOrdersApp(app);
app.synth();

console.log(`dist/orders: ${fs.readdirSync('dist/orders').filter(f => f.endsWith('.yaml')).join(', ')}`);
