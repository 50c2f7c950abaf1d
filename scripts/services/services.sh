#!/usr/bin/env bash
# Install, start, stop and inspect the real services chargeflow's integration tests and local stack use.
#   scripts/services/services.sh install|up|down|status [service...]
# Services: mariadb temporal kafka ferretdb (default: all). Everything listens on 127.0.0.1 only.
# `up` is idempotent: a service already answering its handshake is reused and left alone by `down`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(mariadb temporal kafka ferretdb)
for svc in "${ALL[@]}"; do source "$CF_ROOT/scripts/services/$svc.sh"; done

cmd="${1:-status}"; shift || true
services=("$@"); (( ${#services[@]} )) || services=("${ALL[@]}")

up_one() {
  local svc="$1"
  if handshake "$svc"; then
    if pid_of "$svc" >/dev/null; then log "$svc: already running (started by us) at $("${svc}_endpoint")"
    else log "$svc: found one already answering at $("${svc}_endpoint"); reusing it"; fi
    return 0
  fi
  "${svc}_install"
  rm -rf "${CF_DATA:?}/$svc"; mkdir -p "$CF_DATA/$svc"
  local t=$SECONDS
  "${svc}_start"
  # Callers that must undo only their own starts (scripts/test.sh) pass a file to collect them in.
  [[ -n "${CF_STARTED_FILE:-}" ]] && echo "$svc" >>"$CF_STARTED_FILE"
  wait_ready "$svc" "${SERVICE_START_TIMEOUT:-180}"
  log "$svc: up at $("${svc}_endpoint") in $((SECONDS - t))s"
}

case "$cmd" in
  install) for svc in "${services[@]}"; do "${svc}_install"; done ;;
  up)
    for svc in "${services[@]}"; do "${svc}_install"; done
    for svc in "${services[@]}"; do up_one "$svc"; done ;;
  down)
    for svc in "${services[@]}"; do
      if pid_of "$svc" >/dev/null; then stop_pid "$svc"; log "$svc: stopped"; else log "$svc: not started by us; left alone"; fi
    done ;;
  status)
    for svc in "${services[@]}"; do
      state=down; handshake "$svc" && state=up
      owner=""; pid_of "$svc" >/dev/null && owner=" (pid $(pid_of "$svc"), started by services.sh)"
      printf '%-9s %-5s %s%s\n' "$svc" "$state" "$("${svc}_endpoint")" "$owner"
    done ;;
  *) die "usage: services.sh install|up|down|status [${ALL[*]}]" ;;
esac
