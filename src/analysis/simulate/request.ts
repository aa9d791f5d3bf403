/**
 * A simulated request as the proxies see it: the host resolved to a FQDN in the client's
 * namespace, the port filled in, the path split from its query, header names lowercased, and the
 * client's identity read from the manifests' workloads.
 */
import { SimulatedRequest } from './types';
import { Labels } from '../labels';

/** The client of a normalized request. */
export interface NormalizedSource {
  /** The workload the request comes from, `namespace/name`, when one was named. */
  readonly workload?: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly serviceAccount: string;
  /**
   * The mutual-TLS peer identity (`<trust domain>/ns/<ns>/sa/<sa>`); `null` for a plain-text
   * client; undefined when unknown (authorization on it then depends).
   */
  readonly principal?: string | null;
  /** The validated JWT's `<iss>/<sub>`; `null` for none. */
  readonly requestPrincipal: string | null;
  /** The client's IP address, when given. */
  readonly ip?: string;
  /** Whether the client's pods run Istio's proxy (or are in ambient mode); undefined when no workload of the manifests was named. */
  readonly sidecar?: boolean;
}

/** A request, normalized (every default filled in). */
export interface NormalizedRequest {
  /** The request as given. */
  readonly given: SimulatedRequest;
  /** The `Host`/`:authority` header as written (with a `:port` suffix when given one): what `authority` matches read. */
  readonly authority: string;
  /**
   * The host as a FQDN: a short name completed with the client's namespace
   * (`reviews` → `reviews.<ns>.svc.<domain>`); any other host as written (lowercased). For a
   * gateway request, the authority as is.
   */
  readonly host: string;
  /** The port the client connects to (the given one; else the host's only port, else 80 — 443 for `https`). */
  readonly port: number;
  /** The path without its query string, `/` when none. */
  readonly path: string;
  /** The query parameters: those of `path`, then `queryParams` (which win). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers with lowercased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Upper case. */
  readonly method: string;
  /** `http` or `https`. */
  readonly scheme: string;
  readonly source: NormalizedSource;
  /** The gateway the request enters through (`request.gateway`), split; absent for a request from a sidecar. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /** What normalizing could not tell (e.g. an unknown source workload), each a sentence. */
  readonly caveats: readonly string[];
}
