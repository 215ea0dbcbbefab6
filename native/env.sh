# Sourced by the native scripts: where the cache lives and small helpers.
# SLM4J_CACHE overrides the cache root (default ~/.cache/slm4j, or $XDG_CACHE_HOME/slm4j).
SLM4J_NATIVE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SLM4J_ROOT=$(dirname "$SLM4J_NATIVE_DIR")
: "${SLM4J_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/slm4j}"
export SLM4J_CACHE
mkdir -p "$SLM4J_CACHE"

slm4j_log() { printf '[slm4j-native] %s\n' "$*" >&2; }
slm4j_die() { printf '[slm4j-native] error: %s\n' "$*" >&2; exit 1; }

# Prints the lock line of NAME as "registry package version file sha256 platform".
slm4j_lock_entry() {
  awk -v n="$1" '$1 == n { print $2, $3, $4, $5, $6, ($7 == "" ? "-" : $7); found=1 } END { exit !found }' \
    "$SLM4J_NATIVE_DIR/lock" || slm4j_die "no entry '$1' in native/lock"
}

slm4j_sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Serialises concurrent builders of one cache entry (parallel Maven modules, several shells):
# holds an exclusive lock on PATH.lock until the calling script exits.
slm4j_lock() {
  exec {SLM4J_LOCK_FD}>"$1.lock"
  flock "$SLM4J_LOCK_FD"
}
