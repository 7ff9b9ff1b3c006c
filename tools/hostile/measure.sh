#!/bin/sh
# Wall time, peak RSS, exit code and first line of output of `dispersal plan` on each
# closure that tools/hostile/generate.py made in OUT.
#   tools/hostile/measure.sh OUT [path/to/dispersal]
set -u
out=$1
bin=${2:-target/release/dispersal}
for closure in "$out"/*/closure.toml; do
  case=$(basename "$(dirname "$closure")")
  /usr/bin/time -f "%e s, %M KB" -o "$out/$case.time" \
    "$bin" plan "$closure" --out "$out/$case.out" > "$out/$case.stdout" 2> "$out/$case.stderr"
  rc=$?
  printf '%s: exit %s, %s: %s\n' "$case" "$rc" "$(tail -n 1 "$out/$case.time")" \
    "$(head -n 1 "$out/$case.stderr" | cut -c 1-160)"
done
