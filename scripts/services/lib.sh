# Shared helpers for scripts/services/*.sh (sourced, not run).
# Layout:
#   $CF_CACHE   downloads and builds that survive clones (default ~/.cache/chargeflow); binaries in $CF_CACHE/bin
#   $CF_RUN     this checkout's throw-away runtime state (.services/): data/<svc>, logs/<svc>.log, pids/<svc>.pid
set -euo pipefail

CF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CF_CACHE="${CHARGEFLOW_CACHE:-$HOME/.cache/chargeflow}"
CF_BIN="$CF_CACHE/bin"
CF_RUN="$CF_ROOT/.services"
CF_DATA="$CF_RUN/data"
CF_LOGS="$CF_RUN/logs"
CF_PIDS="$CF_RUN/pids"
mkdir -p "$CF_CACHE" "$CF_BIN" "$CF_DATA" "$CF_LOGS" "$CF_PIDS"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

# pid_of SVC: the pid recorded by `up` for SVC, if that process is still alive.
pid_of() {
  local file="$CF_PIDS/$1.pid"
  [[ -f "$file" ]] || return 1
  local pid; pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 1; }
  echo "$pid"
}

# spawn SVC CMD...: start CMD detached in its own process group, log to logs/SVC.log, record its pid.
spawn() {
  local svc="$1"; shift
  : >"$CF_LOGS/$svc.log"
  setsid "$@" >>"$CF_LOGS/$svc.log" 2>&1 < /dev/null &
  echo $! >"$CF_PIDS/$svc.pid"
}

# stop_pid SVC: stop the process group `up` started for SVC (TERM, then KILL after 20 s).
stop_pid() {
  local svc="$1" pid
  pid="$(pid_of "$svc")" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$CF_PIDS/$svc.pid"
}

# handshake SVC: 0 when SVC answers a real client handshake (see handshake.ts: the product's own probes).
handshake() { node --import tsx "$CF_ROOT/scripts/services/handshake.ts" "$1" >/dev/null 2>&1; }

# wait_ready SVC SECONDS: wait until SVC answers a real handshake; on timeout show its log tail and fail.
wait_ready() {
  local svc="$1" limit="$2" start=$SECONDS
  until handshake "$svc"; do
    if ! pid_of "$svc" >/dev/null; then
      tail -n 30 "$CF_LOGS/$svc.log" >&2 || true
      die "$svc exited during start-up (log: $CF_LOGS/$svc.log)"
    fi
    if (( SECONDS - start > limit )); then
      tail -n 30 "$CF_LOGS/$svc.log" >&2 || true
      die "$svc did not answer a handshake within ${limit}s (log: $CF_LOGS/$svc.log)"
    fi
    sleep 1
  done
}

# port_busy PORT: 0 when something listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# apt_install PKG...: install Debian packages that are missing (one apt-get update per run at most).
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  (( ${#missing[@]} == 0 )) && return 0
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if [[ -z "${CF_APT_UPDATED:-}" ]]; then $sudo apt-get update -qq; export CF_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
