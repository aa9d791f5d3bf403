/** The types of a `ServiceReference`'s options (checked by `ServiceReference` and `Mesh.referenceService`). */
import { arrayOf, mapOf, num, oneOf, optional, shape, str } from './props';
import { Protocol } from '../protocol';

const PORT = shape({ port: num, protocol: optional(oneOf(Protocol)), name: optional(str) });
const VERSION = shape({ name: str, labels: optional(mapOf(str)) });

export const SERVICE_REFERENCE_OPTIONS_FIELDS = {
  namespace: optional(str),
  serviceAccountName: optional(str),
  ports: arrayOf(PORT),
  versions: optional(arrayOf(VERSION)),
  destinationRuleName: optional(str),
};

export const SERVICE_REFERENCE_OPTIONS = shape(SERVICE_REFERENCE_OPTIONS_FIELDS);
