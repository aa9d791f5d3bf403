import { Duration } from 'cdk8s';
import { StringMatch } from './string-match';

/**
 * Cross-Origin Resource Sharing policy.
 */
export interface CorsPolicy {
  /** Origins allowed to make requests. At least one. */
  readonly allowOrigins: StringMatch[];
  /** Methods allowed (`GET`, `POST` …). @default - none */
  readonly allowMethods?: string[];
  /** Request headers allowed. @default - none */
  readonly allowHeaders?: string[];
  /** Response headers browsers may read. @default - none */
  readonly exposeHeaders?: string[];
  /** How long preflight results may be cached (whole seconds recommended). @default - not set */
  readonly maxAge?: Duration;
  /** Whether credentials are allowed. @default - not set */
  readonly allowCredentials?: boolean;
}
