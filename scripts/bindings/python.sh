# Python: the wheel jsii-pacmak builds into dist/python, installed into a fresh venv with the cdk8s,
# cdk8s-plus-27 and constructs releases node_modules holds (package.json's devDependencies: the
# versions this repository is tested with), then examples/python/main.py run with CDK8S_OUTDIR=$OUT.
# Sourced by scripts/test-bindings.sh (REPO, WORK, OUT set).

package_python() {
  npx jsii-pacmak --target python
}

setup_python() {
  local wheel
  wheel="$(ls "$REPO"/dist/python/cdk8s_mesh-*.whl)"
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" \
    "cdk8s==$(npm_version cdk8s)" "cdk8s-plus-27==$(npm_version cdk8s-plus-27)" "constructs==$(npm_version constructs)"
}

run_python() {
  (cd "$WORK" && CDK8S_OUTDIR="$OUT" "$WORK/venv/bin/python" "$REPO/examples/python/main.py")
}

quick_start_python() {
  (cd "$WORK" && CDK8S_OUTDIR="$2" "$WORK/venv/bin/python" "$1")
}
