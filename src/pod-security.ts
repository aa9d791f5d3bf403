/**
 * A Kubernetes Pod Security Standard level, enforced on a namespace by the
 * `pod-security.kubernetes.io/enforce` label.
 */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice: every container runs as non-root, without privilege escalation, with all capabilities dropped and the runtime's seccomp profile. */
  RESTRICTED = 'restricted',
}
