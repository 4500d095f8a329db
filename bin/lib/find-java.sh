# shellcheck shell=bash
# Finds a JDK 21 or newer and exports JAVA_HOME and JAVA. Sourced by bin/marina, bin/test and mvnw.
# Order: $JAVA_HOME, `java` on PATH, then every JDK under /usr/lib/jvm (newest first).
# MARINA_JVM_DIR replaces /usr/lib/jvm as the directory searched last (tests use it to simulate other machines).

marina_java_major() {
  # Prints the feature version of the java binary $1 (17, 21, 25, ...), or nothing.
  # Reads the JDK's `release` file when there is one, because starting a JVM only to ask its version costs
  # 50 to 100 ms on every `bin/marina` call; asks the JVM itself otherwise.
  local java=$1 version=""
  local release
  release="$(dirname "$(dirname "$java")")/release"
  if [ -r "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)
  fi
  if [ -z "$version" ]; then
    version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  version=${version#1.}                  # 1.8.0_392 is Java 8
  version=${version%%[!0-9]*}            # 25.0.3, 25-ea, 21+35: keep the feature number
  printf '%s' "$version"
}

marina_find_java() {
  local minimum=21 candidate resolved major home
  local candidates=() origins=() tried=() seen=" "
  local jvm_dir=${MARINA_JVM_DIR:-/usr/lib/jvm}

  if [ -n "${JAVA_HOME:-}" ]; then
    if [ -x "$JAVA_HOME/bin/java" ]; then
      candidates+=("$JAVA_HOME/bin/java") && origins+=("JAVA_HOME")
    else
      tried+=("JAVA_HOME=$JAVA_HOME: no bin/java there")
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(command -v java)") && origins+=("java on PATH")
  fi
  if [ -d "$jvm_dir" ]; then
    # Newest feature version first. Directory names say nothing reliable about versions (temurin-21 sorts
    # after java-25), so sort on the version itself.
    while IFS=' ' read -r major candidate; do
      candidates+=("$candidate") && origins+=("$jvm_dir")
    done < <(
      for candidate in "$jvm_dir"/*/bin/java; do
        [ -x "$candidate" ] || continue
        major=$(marina_java_major "$candidate")
        printf '%s %s\n' "${major:-0}" "$candidate"
      done | sort -k1,1nr -k2
    )
  fi

  local i
  for i in "${!candidates[@]}"; do
    candidate=${candidates[$i]}
    [ -x "$candidate" ] || continue
    # /usr/bin/java, /usr/lib/jvm/java-1.17.0-openjdk-amd64 and /usr/lib/jvm/java-17-openjdk-amd64 are often the
    # same JDK: judge each real binary once.
    resolved=$(readlink -f "$candidate")
    case "$seen" in *" $resolved "*) continue ;; esac
    seen="$seen$resolved "
    major=$(marina_java_major "$resolved")
    if [ -z "$major" ]; then
      tried+=("$resolved (${origins[$i]}): version unknown")
      continue
    fi
    if [ "$major" -lt "$minimum" ]; then
      tried+=("$resolved (${origins[$i]}): Java $major")
      continue
    fi
    # A JDK, not just a JRE: Maven needs javac next to java.
    if [ ! -x "$(dirname "$resolved")/javac" ]; then
      tried+=("$resolved (${origins[$i]}): Java $major, but a JRE without javac")
      continue
    fi
    home=$(cd "$(dirname "$resolved")/.." && pwd)
    JAVA_HOME=$home
    JAVA="$home/bin/java"
    MARINA_JAVA_MAJOR=$major
    export JAVA_HOME JAVA MARINA_JAVA_MAJOR
    return 0
  done

  {
    echo "marina: no JDK ${minimum} or newer found (Marina needs one to build and to run)."
    echo "  looked at JAVA_HOME, java on PATH and $jvm_dir/*:"
    if [ ${#tried[@]} -eq 0 ]; then
      echo "    nothing: JAVA_HOME is unset, no java on PATH, no JDK under $jvm_dir"
    else
      printf '    %s\n' "${tried[@]}"
    fi
    marina_java_install_hint "$minimum" "$jvm_dir"
  } >&2
  return 1
}

marina_java_install_hint() {
  # Names an installable JDK package when the machine's apt sources have one (Debian trixie, Ubuntu 24.04);
  # Debian bookworm packages only JDK 17, so there the hint points elsewhere.
  local minimum=$1 jvm_dir=$2 package sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo "
  if command -v apt-cache >/dev/null 2>&1; then
    for package in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
      case "$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')" in
        "" | "(none)") ;;
        *)
          echo "  install one with: ${sudo}apt-get install -y $package (or set JAVA_HOME to a JDK ${minimum}+)"
          return 0
          ;;
      esac
    done
  fi
  echo "  this system's packages offer no JDK ${minimum}+ (Debian bookworm has only 17): unpack one (e.g. Eclipse"
  echo "  Temurin from https://adoptium.net) under $jvm_dir, or anywhere and set JAVA_HOME to it"
}
