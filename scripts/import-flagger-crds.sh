#!/usr/bin/env bash
# Regenerates the Flagger binding in src/imports/ from Flagger's CRD file
# (artifacts/flagger/crd.yaml of github.com/fluxcd/flagger; v1.44.0 is the release targeted).
#
# Usage: scripts/import-flagger-crds.sh PATH_TO_FLAGGER_crd.yaml
#
# The CRD file is filtered (scripts/import-filtered-crds.sh, with scripts/filter-crds.js
# flagger) down to the `Canary` kind and its `v1beta1` version, written to a temporary
# directory outside the repo, and fed to `cdk8s import`, which writes
#   src/imports/flagger.app.ts       the typed `Canary` binding
# and scripts/gen-crd-schema.js writes
#   src/imports/flagger-schema.ts    the Canary's openAPIV3Schema (descriptions left out),
#                                    which the tests validate emitted Canaries against
# The generated files must not be edited by hand; rerun this script instead.
# The CRD file itself is never copied into the repository.
set -euo pipefail

usage() {
  echo "usage: $0 PATH_TO_FLAGGER_crd.yaml" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
crd_file=$1
if [[ ! -f $crd_file || ! -r $crd_file ]]; then
  echo "$0: cannot read CRD file: $crd_file" >&2
  exit 1
fi
crd_file=$(cd "$(dirname "$crd_file")" && pwd)/$(basename "$crd_file")

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

scripts/import-filtered-crds.sh flagger "$crd_file"
node scripts/gen-crd-schema.js "$crd_file" flagger.app Canary v1beta1 FLAGGER_CANARY src/imports/flagger-schema.ts
