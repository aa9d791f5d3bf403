# Java: the Maven artifact jsii-pacmak builds into dist/java (a Maven repository layout), installed
# into an isolated local Maven repository, then examples/java (a Maven project pinning cdk8s and
# constructs to package.json's versions) run with `mvn compile exec:java` and CDK8S_OUTDIR=$OUT.
# Sourced by scripts/test-bindings.sh (REPO, WORK, OUT set). Needs a JDK (17 here) and Maven.
#
# Maven Central, as this project's machines reach it, serves cdk8s and constructs but not
# cdk8s-plus-27, which cdk8s-mesh depends on: its Java binding is generated here by jsii-pacmak from
# the npm package's own jsii assembly (node_modules/cdk8s-plus-27) into dist/java, once per version.
# jsii-pacmak finds it there when it builds cdk8s-mesh (dist/java is one of the Maven repositories it
# hands to mvn), so `npx projen package:java` works too once this has run.
#
# The local Maven repository, $BINDINGS_MAVEN_REPO (default .tmp/bindings/m2), caches what Maven
# Central serves across runs; the cdk8s-mesh artifact in it is removed and installed again each run.

JAVA_M2="${BINDINGS_MAVEN_REPO:-$REPO/.tmp/bindings/m2}"

# Maven 3.8's --quiet still writes a colour reset (ESC[0m) per suppressed line, whatever the colour
# options: dropped, so the step lines stay readable (the exit status is Maven's: pipefail)
java_mvn() {
  mvn --batch-mode --quiet -Dstyle.color=never -Dmaven.repo.local="$JAVA_M2" "$@" 2>&1 | sed 's/\x1b\[0m//g'
}

package_java() {
  local plus
  plus="$(npm_version cdk8s-plus-27)"
  if [ ! -f "$REPO/dist/java/org/cdk8s/cdk8s-plus-27/$plus/cdk8s-plus-27-$plus.jar" ]; then
    npx jsii-pacmak --target java --outdir dist --maven-local-repository="$JAVA_M2" node_modules/cdk8s-plus-27
  fi
  npx jsii-pacmak --target java --maven-local-repository="$JAVA_M2"
}

setup_java() {
  local version plus dep pinned declared
  version="$(npm_version "$REPO")"
  plus="$(npm_version cdk8s-plus-27)"
  # examples/java pins what package.json pins: the JavaScript behind the bindings is then the reference's
  for dep in cdk8s cdk8s-plus-27 constructs; do
    pinned="$(npm_version "$dep")"
    declared="$(sed -n "s:.*<$dep.version>\(.*\)</$dep.version>.*:\1:p" "$REPO/examples/java/pom.xml")"
    if [ "$declared" != "$pinned" ]; then
      echo "examples/java/pom.xml: $dep.version is '$declared', but node_modules has $dep $pinned (package.json): make them equal" >&2
      return 1
    fi
  done
  declared="$(sed -n 's:.*<cdk8s-mesh.version>\(.*\)</cdk8s-mesh.version>.*:\1:p' "$REPO/examples/java/pom.xml")"
  if [ "$declared" != "$version" ]; then
    echo "examples/java/pom.xml: cdk8s-mesh.version is '$declared', but package.json's version is $version: make them equal" >&2
    return 1
  fi
  rm -rf "$JAVA_M2/org/cdk8smesh"
  for artifact in "org/cdk8s/cdk8s-plus-27/$plus/cdk8s-plus-27-$plus" "org/cdk8smesh/cdk8s-mesh/$version/cdk8s-mesh-$version"; do
    java_mvn org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file \
      -Dfile="$REPO/dist/java/$artifact.jar" -DpomFile="$REPO/dist/java/$artifact.pom"
  done
}

run_java() {
  (cd "$REPO/examples/java" && CDK8S_OUTDIR="$OUT" java_mvn compile exec:java)
}

# a Maven project of its own for the README's class (its package and name read from the code), with
# examples/java's pom.xml and that class as its main class
quick_start_java() {
  local project="$WORK/quick-start" package class
  package="$(sed -n 's/^package \([a-zA-Z0-9_.]*\);.*/\1/p' "$1")"
  class="$(sed -n 's/^public \(final \)\{0,1\}class \([A-Za-z0-9_]*\).*/\2/p' "$1")"
  [ -n "$package" ] && [ -n "$class" ] || { echo "README quick start (java): no package or public class declaration" >&2; return 1; }
  mkdir -p "$project/src/main/java/${package//.//}"
  cp "$1" "$project/src/main/java/${package//.//}/$class.java"
  sed "s#<mainClass>.*</mainClass>#<mainClass>$package.$class</mainClass>#" "$REPO/examples/java/pom.xml" > "$project/pom.xml"
  (cd "$project" && CDK8S_OUTDIR="$2" java_mvn compile exec:java)
}
