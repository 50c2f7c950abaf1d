#!/usr/bin/env bash
# Installs schemathesis (the OpenAPI fuzzer of apps/api/test/integration/openapi-fuzz.test.ts) into its
# own cached venv and prints the path of its `st` binary on stdout (logs go to stderr).
#   $CF_CACHE/venv-schemathesis   the venv (kept apart from the services' venv: its deps stay its own)
#   $CF_BIN/st, $CF_BIN/st.version  a link to the venv's `st` and the stamp of what produced it
# Idempotent: with the stamp matching SCHEMATHESIS_VERSION it only prints the path; a bump reinstalls.
source "$(dirname "${BASH_SOURCE[0]}")/../services/lib.sh"
source "$CF_ROOT/scripts/services/temporal.sh" # cf_venv_pip, cf_installed, cf_stamp (defines only)
log() { printf '[tools] %s\n' "$*" >&2; }
die() { printf '[tools] error: %s\n' "$*" >&2; exit 1; }

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
want="pypi:schemathesis==$SCHEMATHESIS_VERSION"

if ! cf_installed st "$want"; then
  t=$SECONDS
  log "schemathesis: installing schemathesis==$SCHEMATHESIS_VERSION from PyPI into $CF_CACHE/venv-schemathesis"
  rm -f "$CF_BIN/st" "$CF_BIN/st.version"
  CF_VENV="$CF_CACHE/venv-schemathesis" cf_venv_pip "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
    die "schemathesis: pip install schemathesis==$SCHEMATHESIS_VERSION failed"
  [[ -x "$CF_CACHE/venv-schemathesis/bin/st" ]] || die "schemathesis: no st binary after the install"
  ln -sfn "$CF_CACHE/venv-schemathesis/bin/st" "$CF_BIN/st"
  cf_stamp st "$want"
  log "schemathesis: installed in $((SECONDS - t))s ($("$CF_BIN/st" --version 2>/dev/null | head -n1))"
fi
echo "$CF_BIN/st"
