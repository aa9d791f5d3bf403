#!/usr/bin/env bash
# Filters CRD files down to the kinds and versions of one set (scripts/filter-crds.js SET)
# and cdk8s-imports the result into src/imports/ (one module per API group). The
# filtered file lives in a temporary directory outside the repo.
#
# Usage: scripts/import-filtered-crds.sh SET CRD_FILE...
#
# Used by scripts/import-istio-crds.sh and scripts/import-gateway-api-crds.sh, which
# check their arguments and pass absolute paths.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 SET CRD_FILE..." >&2
  exit 2
fi
set_name=$1
shift

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

if [[ ! -d node_modules || ! -x node_modules/.bin/cdk8s ]]; then
  npm ci
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

filtered="$tmpdir/$set_name-crds.yaml"
node scripts/filter-crds.js "$set_name" "$filtered" "$@"

# --no-save: never record the (temporary) source path in a cdk8s.yaml.
CDK8S_CHECK_UPGRADE=false npx cdk8s import --no-save -l typescript -o src/imports "$filtered"
