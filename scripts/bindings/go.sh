# Go: the module jsii-pacmak generates into dist/go/cdk8smesh, which examples/go/go.mod replaces
# github.com/cdk8s-mesh/cdk8s-mesh-go/cdk8smesh with, then examples/go run with `go run .` and
# CDK8S_OUTDIR=$OUT. Sourced by scripts/test-bindings.sh (REPO, WORK, OUT set). Needs Go (1.25+).
#
# The Go module proxy, as this project's machines reach it, serves constructs-go and jsii-runtime-go
# but not cdk8s's Go modules (cdk8s-core-go, cdk8s-plus-go): their bindings are generated here by
# jsii-pacmak from the npm packages' own jsii assemblies (node_modules/cdk8s, node_modules/cdk8s-plus-27)
# into dist/go/cdk8s and dist/go/cdk8splus27, once per version. jsii-pacmak finds them there when it
# builds cdk8s-mesh (so `npx projen package:go` works too once this has run), and examples/go/go.mod
# replaces the two modules with them.

package_go() {
  if [ "$(cat "$REPO/dist/go/cdk8s/version" 2>/dev/null)" != "$(npm_version cdk8s)" ] ||
     [ "$(cat "$REPO/dist/go/cdk8splus27/version" 2>/dev/null)" != "$(npm_version cdk8s-plus-27)" ]; then
    npx jsii-pacmak --target go --outdir dist node_modules/cdk8s node_modules/cdk8s-plus-27
  fi
  npx jsii-pacmak --target go
}

setup_go() {
  local dep module pinned declared
  # examples/go requires what package.json pins: the JavaScript behind the bindings is then the reference's
  for dep in cdk8s:github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 cdk8s-plus-27:github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 \
             constructs:github.com/aws/constructs-go/constructs/v10; do
    module="${dep#*:}"
    dep="${dep%%:*}"
    pinned="v$(npm_version "$dep")"
    declared="$(cd "$REPO/examples/go" && go list -m -f '{{.Version}}' "$module")"
    if [ "$declared" != "$pinned" ]; then
      echo "examples/go/go.mod: $module is $declared, but node_modules has $dep ${pinned#v} (package.json): make them equal" >&2
      return 1
    fi
  done
  [ -f "$REPO/dist/go/cdk8smesh/go.mod" ] || { echo "no dist/go/cdk8smesh: run jsii-pacmak --target go" >&2; return 1; }
  (cd "$REPO/examples/go" && go mod verify >/dev/null && go build -o "$WORK/bookinfo-canary" .)
}

run_go() {
  (cd "$WORK" && CDK8S_OUTDIR="$OUT" "$WORK/bookinfo-canary")
}

# a module of its own for the README's main.go, with examples/go's go.mod and go.sum (the replace
# directives made absolute)
quick_start_go() {
  local module="$WORK/quick-start"
  mkdir -p "$module"
  cp "$1" "$module/main.go"
  sed "s#=> \.\./\.\./dist/#=> $REPO/dist/#" "$REPO/examples/go/go.mod" > "$module/go.mod"
  cp "$REPO/examples/go/go.sum" "$module/go.sum"
  (cd "$module" && go build -o "$WORK/quick-start-app" . && cd "$WORK" && CDK8S_OUTDIR="$2" "$WORK/quick-start-app")
}
