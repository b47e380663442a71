#!/usr/bin/env bash
# Installs what `make test` needs, only what is missing: Debian packages (as root) and a Python
# venv (.venv) with the pinned grpcio peers from python-requirements.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# command -> Debian package
declare -A packages=([protoc]=protobuf-compiler [tshark]=tshark [tmux]=tmux [vi]=vim-tiny [openssl]=openssl)
missing=()
for command in "${!packages[@]}"; do
  command -v "$command" >/dev/null || missing+=("${packages[$command]}")
done
# The explorer links ncursesw (the base image has it; a slimmer one may not).
[ -f /usr/include/ncurses.h ] || missing+=(libncurses-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq >/dev/null
  # tshark asks whether non-root users may capture; the tests capture as root.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv="$root/.venv"
stamp="$venv/.requirements"
if ! cmp -s "$root/python-requirements.txt" "$stamp" 2>/dev/null; then
  echo "creating $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/python-requirements.txt"
  cp "$root/python-requirements.txt" "$stamp"
fi
