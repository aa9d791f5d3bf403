/**
 * A service's security objects, beside its routing: its AuthorizationPolicy (from the call graph),
 * its Sidecar (scoping) and its RequestAuthentication (JWT).
 */
import { serviceRequestAuthentication } from './request-authentication';
import { serviceAuthorizationPolicy } from './service-authorization';
import { serviceSidecar } from './sidecar';
import { MeshModel } from '../../model/mesh';
import { ServiceModel } from '../../model/service';
import { RequestAuthenticationOptions } from '../../request-authentication';

/** Creates the service's security objects (each only where its settings ask for it). */
export function serviceSecurityObjects(service: ServiceModel, meshModel: MeshModel, jwt: RequestAuthenticationOptions | undefined): void {
  serviceAuthorizationPolicy(service, meshModel);
  serviceSidecar(service, meshModel);
  serviceRequestAuthentication(service, jwt);
}
