import { ClientTls, ClientTlsMode, MtlsMode, Protocol } from '../src';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly, synthProblems } from './util/validate';

describe('client TLS', () => {
  const strictMessage = (mode: string, where: string) =>
    `[${SERVICE}] client TLS mode ${mode} for ${where} (from ${SERVICE}) contradicts the mesh's STRICT mTLS: the sidecars of 'reviews' accept only Istio mutual TLS (use ClientTls.istioMutual() or leave 'tls' unset)`;

  test('ISTIO_MUTUAL renders with no other settings in a STRICT mesh', async () => {
    const { chart, mesh } = setup();
    const tls = ClientTls.istioMutual();
    reviews(mesh, { trafficPolicy: { tls } });
    expect(tls.mode).toBe(ClientTlsMode.ISTIO_MUTUAL);
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  test('DISABLE renders in a PERMISSIVE mesh', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect((await destinationRule(chart)).trafficPolicy).toEqual({ tls: { mode: 'DISABLE' } });
  });

  test('SIMPLE renders CA, SNI and subject alternative names', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, {
      trafficPolicy: {
        tls: ClientTls.simple({ caCertificates: '/etc/certs/ca.pem', sni: 'reviews.example.com', subjectAltNames: ['reviews.example.com', 'spiffe://example.com/reviews'] }),
      },
    });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({
      mode: 'SIMPLE',
      caCertificates: '/etc/certs/ca.pem',
      sni: 'reviews.example.com',
      subjectAltNames: ['reviews.example.com', 'spiffe://example.com/reviews'],
    });
  });

  test('SIMPLE with no options and with a credentialName render', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const svc = reviews(mesh, { trafficPolicy: { tls: ClientTls.simple() } });
    svc.addTrafficPolicy({ tls: ClientTls.simple({ credentialName: 'reviews-ca' }) }, { version: 'v1' });
    const dr = await destinationRule(chart);
    expect(dr.trafficPolicy.tls).toEqual({ mode: 'SIMPLE' });
    expect(dr.subsets[0].trafficPolicy.tls).toEqual({ mode: 'SIMPLE', credentialName: 'reviews-ca' });
  });

  test('SIMPLE with insecureSkipVerify alone renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.simple({ insecureSkipVerify: true, sni: 'reviews.example.com' }) } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'SIMPLE', insecureSkipVerify: true, sni: 'reviews.example.com' });
  });

  test('MUTUAL with certificate files renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, {
      trafficPolicy: {
        tls: ClientTls.mutual({ clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', sni: 'reviews' }),
      },
    });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({
      mode: 'MUTUAL',
      clientCertificate: '/etc/certs/client.pem',
      privateKey: '/etc/certs/key.pem',
      caCertificates: '/etc/certs/ca.pem',
      sni: 'reviews',
    });
  });

  test('MUTUAL with a credentialName renders, also with insecureSkipVerify', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({ credentialName: 'reviews-client', insecureSkipVerify: true }) } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'MUTUAL', credentialName: 'reviews-client', insecureSkipVerify: true });
  });

  test('MUTUAL without certificates fails with both missing props', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({}) } })).toThrow(exactly([
      `[${SERVICE}] MUTUAL TLS requires 'clientCertificate' (or 'credentialName')`,
      `[${SERVICE}] MUTUAL TLS requires 'privateKey' (or 'credentialName')`,
    ].join('\n')));
  });

  test('MUTUAL with a certificate but no key fails', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.mutual({ clientCertificate: '/etc/certs/client.pem' }) } }))
      .toThrow(exactly(`[${SERVICE}] MUTUAL TLS requires 'privateKey' (or 'credentialName')`));
  });

  test('credentialName excludes certificate files', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const tls = ClientTls.mutual({ credentialName: 'reviews-client', clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' });
    expect(() => reviews(mesh, { trafficPolicy: { tls } }))
      .toThrow(exactly(`[${SERVICE}] 'credentialName' excludes 'caCertificates', 'clientCertificate', 'privateKey': give the certificates as a Secret or as files, not both`));
  });

  test('SIMPLE credentialName excludes caCertificates', () => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls: ClientTls.simple({ credentialName: 'reviews-ca', caCertificates: '/ca.pem' }) } }))
      .toThrow(exactly(`[${SERVICE}] 'credentialName' excludes 'caCertificates': give the certificates as a Secret or as files, not both`));
  });

  test.each([
    [ClientTls.simple({ insecureSkipVerify: true, caCertificates: '/ca.pem' }), "'caCertificates'"],
    [ClientTls.simple({ insecureSkipVerify: true, subjectAltNames: ['reviews'] }), "'subjectAltNames'"],
    [ClientTls.simple({ insecureSkipVerify: true, credentialName: 'reviews-ca' }), "'credentialName'"],
    [ClientTls.mutual({ insecureSkipVerify: true, clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem', subjectAltNames: ['r'] }), "'caCertificates', 'subjectAltNames'"],
  ])('insecureSkipVerify with something to verify fails (%#)', (tls, props) => {
    const { mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    expect(() => reviews(mesh, { trafficPolicy: { tls } }))
      .toThrow(exactly(`[${SERVICE}] 'insecureSkipVerify' contradicts ${props}: nothing would be verified`));
  });

  test('DISABLE in a STRICT mesh fails at synth', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect(await synthProblems(chart)).toEqual([strictMessage('DISABLE', "host 'reviews'")]);
  });

  test('SIMPLE, MUTUAL and DISABLE on a version, a port and a port of a version of a STRICT mesh are all reported', async () => {
    // GIVEN
    const { chart, mesh } = setup({ mtls: MtlsMode.STRICT });
    const svc = reviews(mesh);
    // WHEN
    svc.addTrafficPolicy({ tls: ClientTls.simple() }, { version: 'v1' });
    svc.addTrafficPolicy({ tls: ClientTls.mutual({ credentialName: 'reviews-client' }) }, { port: 9080 });
    svc.addTrafficPolicy({ tls: ClientTls.disable() }, { version: 'v2', port: 9080 });
    // THEN
    expect(await synthProblems(chart)).toEqual([
      strictMessage('SIMPLE', "version 'v1'"),
      strictMessage('MUTUAL', 'port 9080'),
      strictMessage('DISABLE', "port 9080 of version 'v2'"),
    ]);
  });

  test('SIMPLE and MUTUAL are fine in a PERMISSIVE mesh', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.PERMISSIVE });
    const svc = reviews(mesh, { trafficPolicy: { tls: ClientTls.simple() } });
    svc.addTrafficPolicy({ tls: ClientTls.mutual({ credentialName: 'reviews-client' }) }, { port: 9080 });
    svc.addTrafficPolicy({ tls: ClientTls.istioMutual() }, { version: 'v2' });
    const dr = await destinationRule(chart);
    expect(dr.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'MUTUAL', credentialName: 'reviews-client' });
    expect(dr.subsets[1].trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
  });

  test('ISTIO_MUTUAL in a mesh with mTLS disabled fails at synth', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.DISABLE });
    reviews(mesh, { versions: [{ name: 'v1', image: 'example/reviews:v1', trafficPolicy: { tls: ClientTls.istioMutual() } }] });
    expect(await synthProblems(chart)).toEqual([
      `[${SERVICE}] client TLS mode ISTIO_MUTUAL for version 'v1' (from ${SERVICE}) contradicts the mesh's DISABLE mTLS: the sidecars of 'reviews' accept only plain text`,
    ]);
  });

  test('DISABLE in a mesh with mTLS disabled renders', async () => {
    const { chart, mesh } = setup({ mtls: MtlsMode.DISABLE });
    reviews(mesh, { trafficPolicy: { tls: ClientTls.disable() } });
    expect((await destinationRule(chart)).trafficPolicy.tls).toEqual({ mode: 'DISABLE' });
  });

  test('an external service may originate TLS in a STRICT mesh', async () => {
    const { chart, mesh } = setup();
    mesh.addExternalService('payments', {
      hosts: ['api.payments.example.com'],
      ports: [{ number: 443, protocol: Protocol.HTTPS }],
      trafficPolicy: { tls: ClientTls.simple({ sni: 'api.payments.example.com' }) },
    });
    expect(await destinationRule(chart, 'payments')).toEqual({
      host: 'api.payments.example.com',
      trafficPolicy: { tls: { mode: 'SIMPLE', sni: 'api.payments.example.com' } },
    });
  });
});
