# Finds a JDK 21 or newer and exports JAVA_HOME and JAVA. Sourced by bin/marina, bin/test and mvnw.
# Order: $JAVA_HOME, `java` on PATH, then every JDK under /usr/lib/jvm (newest first).

marina_java_major() {
  # Prints the feature version of the java binary $1 (17, 21, 25, ...), or nothing.
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  printf '%s' "${version%%.*}"
}

marina_find_java() {
  local minimum=21 candidate major tried=()
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(readlink -f "$(command -v java)")")
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r candidate; do candidates+=("$candidate"); done \
      < <(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r)
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    major=$(marina_java_major "$candidate")
    tried+=("$candidate (${major:-unknown})")
    if [ -n "$major" ] && [ "$major" -ge "$minimum" ] 2>/dev/null; then
      # A JDK, not just a JRE: Maven needs javac next to java.
      if [ -x "$(dirname "$candidate")/javac" ]; then
        JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd)
        JAVA="$JAVA_HOME/bin/java"
        export JAVA_HOME JAVA
        return 0
      fi
    fi
  done
  echo "marina: no JDK ${minimum} or newer found." >&2
  if [ ${#tried[@]} -gt 0 ]; then
    echo "  looked at: ${tried[*]}" >&2
  else
    echo "  looked at: \$JAVA_HOME, java on PATH and /usr/lib/jvm (none there)" >&2
  fi
  echo "  install one, for example: apt-get install openjdk-21-jdk-headless (or set JAVA_HOME to a JDK 21+)" >&2
  return 1
}
