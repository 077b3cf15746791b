# Sourced (POSIX sh) by ./mvnw, ./run-local and .ci/run: makes JAVA_HOME point at a JDK 25 or newer.
# Antipop is built for the Lambda runtime java25. Order: JAVA_HOME when it is a JDK 25+; otherwise the newest JDK 25+
# among /usr/lib/jvm/*, SDKMAN's candidates, /Library/Java/JavaVirtualMachines/*/Contents/Home, /opt/java/* and the
# `java` on the PATH; otherwise one line on stderr saying what to install, and exit 1.

antipop_jdk_major() {
  # The major version of the JDK at $1 from its `release` file (JAVA_VERSION="25.0.1"), or empty.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
}

antipop_find_jdk() {
  antipop_major=""
  if [ -n "${JAVA_HOME:-}" ]; then antipop_major=$(antipop_jdk_major "$JAVA_HOME"); fi
  if [ -n "$antipop_major" ] && [ "$antipop_major" -ge 25 ]; then
    return 0
  fi
  antipop_best=""
  antipop_best_major=0
  antipop_path_java=$(command -v java 2>/dev/null || true)
  antipop_path_home=""
  if [ -n "$antipop_path_java" ]; then
    antipop_path_home=$(dirname "$(dirname "$(readlink -f "$antipop_path_java" 2>/dev/null || echo "$antipop_path_java")")")
  fi
  antipop_restore_f=false
  case $- in *f*) antipop_restore_f=true; set +f ;; esac
  for antipop_candidate in /usr/lib/jvm/* "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* "$antipop_path_home"; do
    [ -d "$antipop_candidate" ] || continue
    antipop_major=$(antipop_jdk_major "$antipop_candidate")
    if [ -n "$antipop_major" ] && [ "$antipop_major" -ge 25 ] && [ "$antipop_major" -gt "$antipop_best_major" ]; then
      antipop_best=$antipop_candidate
      antipop_best_major=$antipop_major
    fi
  done
  if $antipop_restore_f; then set -f; fi
  if [ -z "$antipop_best" ]; then
    echo "Antipop needs a JDK 25 or newer (Lambda runtime java25): none found in JAVA_HOME, /usr/lib/jvm, SDKMAN, /Library/Java or on the PATH; install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$antipop_best
  export JAVA_HOME
}

antipop_find_jdk
