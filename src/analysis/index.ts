/**
 * The analysis engine: istioctl-analyze-grade checks over a set of manifests (internal; not
 * exported from the package's index).
 */
export { analyze } from './analyze';
export { formatJson, formatText } from './format';
export { CHECKS } from './registry';
export { IST, MESH } from './messages';
export type { AnalysisMessage, AnalysisOptions, Level, MessageType } from './types';
export type { Check } from './check';
export { FindingLevel, ManifestAnalysis } from './facade';
export type { Finding, ManifestAnalysisOptions } from './facade';
