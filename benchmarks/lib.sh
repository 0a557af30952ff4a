# Shared helpers of the benchmark scripts (sourced, not run). The caller sets $work (scratch folder)
# and $out (results file) first.

say() { echo "$*" | tee -a "$out"; }

# timed LABEL CMD... -> "LABEL wall_s=.. peak_rss_mb=.." and the command's last stdout line
# (cut to $timed_width characters, default: whole)
timed() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2> "$work/$label.err" \
    || { say "FAILED: $label (see $work/$label.err)"; tail -5 "$work/$label.err"; return 1; }
  read -r wall rss < "$work/time.txt"
  say "$(printf '%-22s wall_s=%-7s peak_rss_mb=%-5d %s' "$label" "$wall" $((rss / 1024)) \
    "$(tail -1 "$work/$label.log" | cut -c1-"${timed_width:-100000}")")"
}

# wall LABEL -> the wall seconds `timed` recorded for it
wall() { awk -v l="$1" '$1==l && $2 ~ /^wall_s=/ {split($2,a,"="); print a[2]}' "$out" | tail -1; }

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# start_broker -> a standalone broker (`millrace kafka start`) on a free 127.0.0.1 port, data under
# $work/kafka, stopped when the script exits; sets $broker (its PID) and $bootstrap (HOST:PORT)
start_broker() {
  local port
  port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  ./millrace kafka start --port "$port" --dir "$work/kafka" > "$work/broker.out" 2> "$work/broker.err" &
  broker=$!
  trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do [[ -s $work/broker.out ]] && break; sleep 0.2; done
  [[ -s $work/broker.out ]] || { echo "the broker did not start: $(cat "$work/broker.err")"; exit 1; }
  bootstrap=$(head -1 "$work/broker.out")
}
