# shellcheck shell=bash
# Checks that the programs Marina's engines and tests run are installed. Sourced by bin/marina and bin/test.
# Missing Debian packages are installed with apt-get when running as root; otherwise the exact install command
# is printed. Costs a few stat calls and no apt call when everything is there.
#
# MARINA_PG_BIN               PostgreSQL 15 server binaries to check (default /usr/lib/postgresql/15/bin)
# MARINA_SKIP_ENGINE_CHECK=1  skip the check (engines installed some other way)

# Prints one line per missing program: "<Debian package> <program>".
marina_missing_engine_programs() {
  local pg_bin=${MARINA_PG_BIN:-/usr/lib/postgresql/15/bin} name
  for name in postgres initdb pg_ctl pg_rewind pgbench; do
    [ -x "$pg_bin/$name" ] || echo "postgresql-15 $pg_bin/$name"
  done
  for name in pg_basebackup psql; do
    [ -x "$pg_bin/$name" ] || echo "postgresql-client-15 $pg_bin/$name"
  done
  # On Debian both are postgresql-client-common's pg_wrapper; pgbench itself comes with the server package.
  command -v psql >/dev/null 2>&1 || echo "postgresql-client-15 psql"
  command -v pgbench >/dev/null 2>&1 || echo "postgresql-15 pgbench"
  # Marina gives the unprivileged engine user traverse rights on MARINA_HOME's parents (e.g. /root) with setfacl,
  # starts engines as that user with setpriv and in their own session with setsid.
  command -v setfacl >/dev/null 2>&1 || echo "acl setfacl"
  command -v setpriv >/dev/null 2>&1 || echo "util-linux setpriv"
  command -v setsid >/dev/null 2>&1 || echo "util-linux setsid"
}

marina_ensure_engine_packages() {
  [ "${MARINA_SKIP_ENGINE_CHECK:-}" = 1 ] && return 0
  local missing
  missing=$(marina_missing_engine_programs)
  [ -z "$missing" ] && return 0

  local packages=() programs=() what=() package program
  while read -r package program; do
    programs+=("$program")
    case " ${packages[*]} " in *" $package "*) ;; *) packages+=("$package") ;; esac
  done <<<"$missing"
  # postgresql-15 depends on postgresql-client-15: name only the server then.
  case " ${packages[*]} " in
    *" postgresql-15 "*)
      local kept=()
      for package in "${packages[@]}"; do [ "$package" = postgresql-client-15 ] || kept+=("$package"); done
      packages=("${kept[@]}")
      ;;
  esac
  for package in "${packages[@]}"; do
    case "$package" in
      postgresql-15) what+=("PostgreSQL 15") ;;
      postgresql-client-15) what+=("the PostgreSQL 15 client programs") ;;
      acl) what+=("setfacl") ;;
      util-linux) what+=("setpriv/setsid") ;;
    esac
  done
  local summary pronoun=it
  summary=$(marina_join_words "${what[@]}")
  [ ${#what[@]} -gt 1 ] && pronoun=them

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "marina: missing $summary; install Debian's ${packages[*]} or their equivalent for this system" >&2
    echo "  not found: ${programs[*]}" >&2
    echo "  (or set MARINA_SKIP_ENGINE_CHECK=1 when they are installed where this check does not look)" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "marina: missing $summary; install $pronoun with: sudo apt-get install -y ${packages[*]}" >&2
    echo "  not found: ${programs[*]}" >&2
    case " ${packages[*]} " in
      *" postgresql-15 "*)
        echo "  to keep Debian from creating and starting its own cluster on port 5432, run first:" >&2
        echo "  sudo mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' | sudo tee -a /etc/postgresql-common/createcluster.conf" >&2
        ;;
    esac
    return 1
  fi
  marina_apt_install "$summary" "${packages[@]}" || return 1

  missing=$(marina_missing_engine_programs)
  if [ -n "$missing" ]; then
    echo "marina: apt-get installed ${packages[*]}, but these are still missing:" >&2
    while read -r package program; do
      echo "  $program (package $package)" >&2
    done <<<"$missing"
    return 1
  fi
}

# Installs Debian packages as root, quietly; shows apt's output only when it fails. --no-upgrade: a package
# that is already installed (e.g. postgresql-15 when only MARINA_PG_BIN points elsewhere) is left at its version.
marina_apt_install() {
  local summary=$1
  shift
  local packages=("$@") log started status=0 had_main_cluster=no
  case " ${packages[*]} " in
    *" postgresql-15 "*)
      marina_keep_debian_from_creating_a_cluster || return 1
      [ -e /etc/postgresql/15/main/postgresql.conf ] && had_main_cluster=yes
      ;;
  esac
  echo "marina: installing $summary with apt-get (${packages[*]})..." >&2
  log=$(mktemp)
  started=$(date +%s)
  {
    if [ -z "${MARINA_APT_UPDATED:-}" ]; then
      apt-get update -qq && MARINA_APT_UPDATED=1
    fi &&
      DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get install -y -qq --no-install-recommends --no-upgrade \
        -o DPkg::Lock::Timeout=300 "${packages[@]}"
  } </dev/null >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "marina: apt-get install ${packages[*]} failed (exit $status):" >&2
    sed 's/^/  /' "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  echo "marina: installed ${packages[*]} in $(($(date +%s) - started)) s" >&2
  if [ "$had_main_cluster" = no ] && [ -e /etc/postgresql/15/main/postgresql.conf ]; then
    echo "marina: note: Debian created its default cluster 15/main (port 5432), which Marina does not use;" >&2
    echo "  remove it with: pg_dropcluster --stop 15 main" >&2
  fi
}

# Installing postgresql-15 creates and starts a cluster "main" on port 5432 unless createcluster.conf says
# otherwise; Marina runs its own clusters and wants neither the process nor the port taken. postgresql-common
# keeps an existing createcluster.conf (ucf; UCF_FORCE_CONFFOLD makes that explicit), so write it first.
marina_keep_debian_from_creating_a_cluster() {
  local conf=${MARINA_CREATECLUSTER_CONF:-/etc/postgresql-common/createcluster.conf}
  # An administrator's explicit choice stays, whichever way it goes.
  if [ -f "$conf" ] && grep -Eq '^[[:space:]]*create_main_cluster[[:space:]]*=' "$conf"; then
    return 0
  fi
  if ! { mkdir -p "$(dirname "$conf")" &&
    printf '# Added by Marina (bin/lib/engine-packages.sh): no default cluster on port 5432.\ncreate_main_cluster = false\n' >>"$conf"; }; then
    echo "marina: could not write $conf" >&2
    return 1
  fi
}

# "a", "a and b", "a, b and c"
marina_join_words() {
  local out="" i
  for ((i = 1; i <= $#; i++)); do
    if [ "$i" -eq 1 ]; then
      out=${!i}
    elif [ "$i" -eq $# ]; then
      out="$out and ${!i}"
    else
      out="$out, ${!i}"
    fi
  done
  printf '%s' "$out"
}
