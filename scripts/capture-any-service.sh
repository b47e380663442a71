#!/usr/bin/env bash
# Captures a real screen of the explorer on a service that is not the Greeter, for the README:
# the Python kitchen-sink server with reflection, a nested request composed and sent.
# scripts/capture-any-service.sh [path/to/greeter-tui]   (needs .venv from `make test`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/debug/greeter-tui}
state=$(mktemp -d)
socket=greeter-capture-$$
log=$state/server.log
"$root/.venv/bin/python" "$root/Tests/WireFormatTests/Python/kitchen_sink_server.py" 0 \
  --reflection both >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; tmux -L $socket kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
target=$(sed -n 's/.*listening on \(127.0.0.1:[0-9]*\).*/\1/p' "$log")
tmux -L "$socket" -f /dev/null new-session -d -s main -x 100 -y 32 \
  "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=$state $bin --target $target"
wait_for() {
  for _ in $(seq 200); do
    tmux -L "$socket" capture-pane -p -t main | grep -qF "$1" && return 0
    sleep 0.05
  done
  echo "timed out waiting for $1" >&2
  exit 1
}
keys() { tmux -L "$socket" send-keys -t main "$@"; }
wait_for "reflection v1 · 3 services"
keys /
keys -l "kitchensink"
keys Enter Enter
wait_for "Unary ▸ ✓"
keys Down End Left Left
keys -l "A1"
keys Down Down Down End Left Left
keys -l "Ada"
keys C-s
wait_for "0 items"
keys Down Down Down Down Down Down
sleep 0.2
tmux -L "$socket" capture-pane -p -t main
