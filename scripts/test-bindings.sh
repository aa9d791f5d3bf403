#!/usr/bin/env bash
# The language bindings end to end (issue 16): builds each language's package with jsii-pacmak,
# installs it into an isolated environment, runs that language's bookinfo canary app
# (examples/<language>/) and compares its output with the TypeScript reference app's
# (examples/bookinfo-canary/main.ts): the bytes must be identical.
#
#   scripts/test-bindings.sh [LANGUAGE...]     # default: every language of scripts/bindings/<language>.sh
#
# Each language's steps live in scripts/bindings/<language>.sh, sourced with REPO (the repository), WORK (a
# directory of its own, removed afterwards) and OUT (where the app must write its manifests) set; it defines
# `package_<language>` (jsii-pacmak), `setup_<language>` (the isolated environment with the package installed),
# `run_<language>` (the app, writing to $OUT) and `quick_start_<language> FILE OUTDIR` (runs FILE, the README's
# quick start in that language, as an app writing to OUTDIR; its output must be the TypeScript quick start's
# bytes too). Needs Node; each language
# needs its own toolchain (python3 with venv and pip, a JDK with Maven, Go), which `npm test` does not.
# Set BINDINGS_SKIP_PACKAGE=1 to reuse the packages already in dist/<language> (e.g. after `npx projen package-all`).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
export CDK8S_CHECK_UPGRADE=false JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

languages=("$@")
if [ ${#languages[@]} -eq 0 ]; then
  for f in scripts/bindings/*.sh; do languages+=("$(basename "$f" .sh)"); done
fi
for language in "${languages[@]}"; do
  [ -f "scripts/bindings/$language.sh" ] || { echo "test-bindings: no scripts/bindings/$language.sh (languages: $(ls scripts/bindings | sed 's/\.sh$//' | tr '\n' ' '))" >&2; exit 2; }
done

TMP="$(mktemp -d -t cdk8s-mesh-bindings.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }

# npm_version PACKAGE|DIR: the version of an npm package as installed (node_modules), or of the package in DIR;
# the languages' environments pin cdk8s, cdk8s-plus-27 and constructs to these, so the JavaScript behind every
# binding is the one the TypeScript reference runs
npm_version() {
  node -p "require('$1/package.json').version"
}
# step NAME COMMAND...: runs COMMAND, prints how long it took
step() {
  local name="$1" start; shift
  start="$(now)"
  echo "== $name" >&2
  "$@"
  printf '== %s: %.1fs\n' "$name" "$(echo "$(now) - $start" | bc)" >&2
}

# the assembly (.jsii) every generator reads, then the TypeScript app's output: the reference
if [ "${BINDINGS_SKIP_PACKAGE:-}" != 1 ]; then
  step "compile (jsii)" npx jsii --silence-warnings=reserved-word
  # every example of the doc comments and README compiled and translated: the packages' docstrings show them in their language
  step "translate examples (jsii-rosetta)" npx jsii-rosetta extract --strict
fi
step "reference (examples/bookinfo-canary, TypeScript)" \
  env CDK8S_OUTDIR="$TMP/reference" npx ts-node --project examples/tsconfig.json examples/bookinfo-canary/main.ts

# readme_block MARKER: the first fenced code block after the README line MARKER (an HTML comment)
readme_block() {
  awk -v marker="$1" '
    state == 0 && $0 == marker { state = 1; next }
    state == 1 && /^```/ { state = 2; next }
    state == 2 && /^```/ { done = 1; exit }
    state == 2 { print }
    END { if (!done) { print "test-bindings: README.md has no code block after " marker > "/dev/stderr"; exit 1 } }
  ' "$REPO/README.md"
}

# the README's quick start in TypeScript (the library from src/), the reference of every language's quick start
quick_start_reference() {
  local dir="$REPO/.tmp/bindings/quick-start"
  mkdir -p "$dir"
  readme_block '<!-- example: quick-start standalone -->' | sed "s#from 'cdk8s-mesh'#from '../../../src'#" > "$dir/main.ts"
  CDK8S_OUTDIR="$TMP/quick-start-reference" npx ts-node --project examples/tsconfig.json "$dir/main.ts"
}
step "reference (README quick start, TypeScript)" quick_start_reference

# compare REFERENCE OUT WHAT LANGUAGE: diff -r, recording a failure
compare() {
  if diff -r "$1" "$2" >&2; then
    echo "== $4: $3 wrote the TypeScript one's bytes ($(find "$2" -type f | wc -l) files)" >&2
  else
    echo "== $4: $3 wrote other bytes than the TypeScript one (diff above)" >&2
    failed+=("$4 ($3)")
  fi
}

failed=()
for language in "${languages[@]}"; do
  WORK="$TMP/$language"
  OUT="$WORK/out"
  mkdir -p "$WORK"
  # shellcheck source=/dev/null
  source "scripts/bindings/$language.sh"
  if [ "${BINDINGS_SKIP_PACKAGE:-}" != 1 ]; then
    step "package $language (jsii-pacmak)" "package_$language"
  fi
  step "setup $language" "setup_$language"
  step "run examples/$language" "run_$language"
  compare "$TMP/reference" "$OUT" "the example app" "$language"
  # the README's quick start in this language: quick_start_<language> FILE OUT runs the code block
  # marked <!-- quick-start: LANGUAGE --> (written to FILE) as an app writing to OUT
  readme_block "<!-- quick-start: $language -->" > "$WORK/quick-start.code"
  step "run the README quick start in $language" "quick_start_$language" "$WORK/quick-start.code" "$WORK/quick-start-out"
  compare "$TMP/quick-start-reference" "$WORK/quick-start-out" "the README quick start" "$language"
done

if [ ${#failed[@]} -gt 0 ]; then
  printf 'test-bindings: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "test-bindings: ${languages[*]}: identical output" >&2
