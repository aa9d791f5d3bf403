#!/usr/bin/env node
// Writes a large multi-document manifest file for measuring the CLI on big input
// (`cdk8s-mesh inject` and `cdk8s-mesh analyze`): per service a Deployment (with a volume,
// probes and several ports), a Service, a ConfigMap of padding text, a DestinationRule and a
// VirtualService, until the file reaches the requested size.
//
// Usage: node scripts/big-manifests.js OUT_FILE [MEGABYTES]   (default 50)
//
// Measure with e.g.
//   /usr/bin/time -v node lib/cli/bin.js inject -f OUT_FILE > /dev/null
//   /usr/bin/time -v node lib/cli/bin.js analyze OUT_FILE > /dev/null
'use strict';

const fs = require('fs');

/** The manifests of service `i` as YAML text (block style, as kubectl users write it). */
function service(i) {
  const name = `svc${i}`;
  const ns = `team${i % 20}`;
  const padding = Array.from({ length: 40 }, (_, k) => `    line ${k} of the configuration of ${name}: some text to make the file realistic`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-v1
  namespace: ${ns}
  labels:
    app: ${name}
    version: v1
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
      version: v1
  template:
    metadata:
      labels:
        app: ${name}
        version: v1
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      containers:
      - name: app
        image: example.com/${name}:1.0.${i}
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
        env:
        - name: SERVICE_NAME
          value: ${name}
        - name: LOG_LEVEL
          value: info
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
        livenessProbe:
          tcpSocket:
            port: http
        volumeMounts:
        - name: config
          mountPath: /etc/${name}
      volumes:
      - name: config
        configMap:
          name: ${name}-config
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
  config.txt: |
${padding}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${name}
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${name}
  http:
  - route:
    - destination:
        host: ${name}
        subset: v1
---
`;
}

const [out, megabytes = '50'] = process.argv.slice(2);
if (!out || !(Number(megabytes) > 0)) {
  process.stderr.write('usage: node scripts/big-manifests.js OUT_FILE [MEGABYTES]\n');
  process.exit(2);
}
const limit = Number(megabytes) * 1024 * 1024;
const fd = fs.openSync(out, 'w');
let size = 0;
for (let i = 0; size < limit; i++) {
  const text = service(i);
  fs.writeSync(fd, text);
  size += Buffer.byteLength(text);
}
fs.closeSync(fd);
