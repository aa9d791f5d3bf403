#!/usr/bin/env bash
# Regenerates the Argo Rollouts bindings in src/imports/ from Argo Rollouts' Rollout CRD.
#
# Usage: scripts/import-argo-rollouts-crds.sh PATH_TO_ROLLOUT_CRD_YAML
#
# PATH_TO_ROLLOUT_CRD_YAML is manifests/crds/rollout-crd.yaml of an Argo Rollouts release (the
# Go module github.com/argoproj/argo-rollouts; the bindings in the repository come from the
# schema of v1.9.0 to v1.10.2 and the main branch, which are the same for the Rollout's spec).
# The file is filtered (scripts/import-filtered-crds.sh, with scripts/filter-crds.js
# argo-rollouts) down to the Rollout v1alpha1, written to a temporary directory outside the
# repo, and fed to `cdk8s import`:
#   src/imports/argoproj.io.ts          Rollout (v1alpha1)
# and to scripts/gen-crd-schema.js:
#   src/imports/argo-rollouts-schema.ts the Rollout's openAPIV3Schema (same filter), which the
#                                       tests validate emitted Rollouts against
# The generated file must not be edited by hand; rerun this script instead.
# The CRD file itself is never copied into the repository.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH_TO_ROLLOUT_CRD_YAML" >&2
  exit 2
fi
crd_file=$1
if [[ ! -f $crd_file || ! -r $crd_file ]]; then
  echo "$0: cannot read CRD file: $crd_file" >&2
  exit 1
fi
crd_file=$(cd "$(dirname "$crd_file")" && pwd)/$(basename "$crd_file")

"$(dirname "${BASH_SOURCE[0]}")"/import-filtered-crds.sh argo-rollouts "$crd_file"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
node scripts/filter-crds.js argo-rollouts "$tmpdir/rollout-crd.yaml" "$crd_file"
node scripts/gen-crd-schema.js "$tmpdir/rollout-crd.yaml" argoproj.io Rollout v1alpha1 ARGO_ROLLOUT src/imports/argo-rollouts-schema.ts
