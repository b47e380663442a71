#!/usr/bin/env bash
# Captures a real screen of the explorer from tmux (100x30) after a few calls, as text, for the
# README: scripts/capture-screen.sh [path/to/greeter-tui]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/debug/greeter-tui}
state=$(mktemp -d)
socket=greeter-capture-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
tmux -L "$socket" -f /dev/null new-session -d -s main -x 100 -y 30 \
  "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=$state $bin --port 0"
wait_for() {
  for _ in $(seq 200); do
    tmux -L "$socket" capture-pane -p -t main | grep -q "$1" && return 0
    sleep 0.05
  done
  echo "timed out waiting for $1" >&2
  exit 1
}
keys() { tmux -L "$socket" send-keys -t main "$@"; }
wait_for "● server"
keys Down Enter
keys -l "Ada"
keys Enter
wait_for "Hello again, Ada!"
keys BTab Down Enter
keys -l "세종"
keys Enter
wait_for "(3/3)"
keys Tab Tab Down Down Down Enter Down Down Down
sleep 0.2
tmux -L "$socket" capture-pane -p -t main
