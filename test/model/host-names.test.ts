import { Chart, Testing } from 'cdk8s';
import { Mesh, Protocol } from '../../src';
import { hostNamesOf, routeTableOf } from '../../src/model/host-names';

describe('hostNamesOf and routeTableOf', () => {
  test('GIVEN a service, a reference and an external service THEN services are named by FQDN and an external service by each of its hosts', () => {
    // GIVEN
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh', { clusterDomain: 'corp.local' });
    const orders = mesh.addService('orders', { namespace: 'shop', ports: [{ port: 80 }] });
    const catalog = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }] });
    const api = mesh.addExternalService('api', { hosts: ['api.example.com', '*.api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    // THEN
    expect(hostNamesOf(orders)).toEqual(['orders.shop.svc.corp.local']);
    expect(hostNamesOf(catalog)).toEqual(['catalog.catalog.svc.corp.local']);
    expect(hostNamesOf(api)).toEqual(['api.example.com', '*.api.example.com']);
  });

  test('GIVEN hosts THEN a MeshService and an ExternalService have their route table, a ServiceReference none', () => {
    // GIVEN
    const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
    const orders = mesh.addService('orders', { ports: [{ port: 80 }] });
    const api = mesh.addExternalService('api', { hosts: ['api.example.com'], ports: [{ number: 443, protocol: Protocol.HTTPS }] });
    const catalog = mesh.referenceService('catalog', { namespace: 'catalog', ports: [{ port: 80 }] });
    // THEN
    expect(routeTableOf(orders)?.owner).toBe(orders);
    expect(routeTableOf(api)?.owner).toBe(api);
    expect(routeTableOf(catalog)).toBeUndefined();
  });
});
