#!/usr/bin/env bash
# Regenerates the Istio bindings in src/imports/ from Istio's crd-all.gen.yaml.
#
# Usage: scripts/import-istio-crds.sh PATH_TO_ISTIO_crd-all.gen.yaml
#
# The CRD file is filtered (scripts/import-filtered-crds.sh, with
# scripts/filter-crds.js istio) down to the kinds below and only their `v1`
# version, written to a temporary directory outside the repo, and fed to
# `cdk8s import`, which writes one module per API group:
#   src/imports/networking.istio.io.ts  VirtualService, DestinationRule, Gateway,
#                                       ServiceEntry, Sidecar, WorkloadEntry
#   src/imports/security.istio.io.ts    PeerAuthentication, AuthorizationPolicy,
#                                       RequestAuthentication
#   src/imports/istio-schemas.ts        the structure of the spec of every Istio
#                                       kind with a v1 version (scripts/gen-istio-schemas.js),
#                                       read by src/private/schema/
# The generated files must not be edited by hand; rerun this script instead.
# The Istio CRD file itself is never copied into the repository.
# The Gateway API bindings are made the same way by scripts/import-gateway-api-crds.sh.
set -euo pipefail

usage() {
  echo "usage: $0 PATH_TO_ISTIO_crd-all.gen.yaml" >&2
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

scripts/import-filtered-crds.sh istio "$crd_file"

# The structural schema is generated from the whole CRD file (every Istio kind).
node scripts/gen-istio-schemas.js "$crd_file" src/imports/istio-schemas.ts
