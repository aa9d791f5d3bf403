#!/usr/bin/env bash
# Regenerates the Gateway API bindings in src/imports/ from the Gateway API's CRDs.
#
# Usage: scripts/import-gateway-api-crds.sh PATH_TO_GATEWAY_API_CRDS
#
# PATH_TO_GATEWAY_API_CRDS holds the generated CRD files of one Gateway API
# release in standard/ and experimental/ (config/crd/ of the release; the
# bindings in the repository come from v1.6.1). The CRD files are filtered
# (scripts/import-filtered-crds.sh, with scripts/filter-crds.js gateway-api)
# down to the kinds below and the one version of each that this library emits
# (the served storage version), from the standard channel plus the experimental
# fields this library writes (HTTPRoute spec.rules[].retry), written to a
# temporary directory outside the repo, and fed to `cdk8s import`:
#   src/imports/gateway.networking.k8s.io.ts  Gateway, HTTPRoute, GRPCRoute, TLSRoute,
#                                             TCPRoute (v1; TCPRoute v1 is standard from
#                                             v1.6), ReferenceGrant (v1beta1)
# The generated file must not be edited by hand; rerun this script instead.
# The Gateway API CRD files themselves are never copied into the repository.
set -euo pipefail

usage() {
  echo "usage: $0 PATH_TO_GATEWAY_API_CRDS (with standard/ and experimental/)" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
crd_dir=$1
for channel in standard experimental; do
  if [[ ! -d $crd_dir/$channel || ! -r $crd_dir/$channel ]]; then
    echo "$0: cannot read CRD directory: $crd_dir/$channel" >&2
    exit 1
  fi
done
crd_dir=$(cd "$crd_dir" && pwd)
shopt -s nullglob
crd_files=("$crd_dir"/standard/*.yaml "$crd_dir"/experimental/*.yaml)

"$(dirname "${BASH_SOURCE[0]}")"/import-filtered-crds.sh gateway-api "${crd_files[@]}"
