#!/usr/bin/env bash
# Retrains every shipped checkpoint with its recorded command and reruns its sweeps, into build/from-scratch/ (the
# shipped data/ stays untouched), then prints each new test accuracy beside the shipped one. Hours of CPU time:
# the estimate printed first is the sum of the shipped training logs' epoch times. Usage: ./last from-scratch [names...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=build/from-scratch
mkdir -p "$OUT/results"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then for d in data/checkpoints/*/; do names+=("$(basename "$d")"); done; fi
total=0
for n in "${names[@]}"; do
  s=$(awk -F, 'NR>1 {t+=$NF} END {printf "%d", t}' "data/checkpoints/$n/train-log.csv")
  total=$((total + s))
done
echo "[from-scratch] ${#names[@]} checkpoints; their shipped training took $((total / 60)) minutes in all (plus the sweeps)"
for n in "${names[@]}"; do
  cmd=$(head -1 "data/checkpoints/$n/command.txt")
  args=${cmd#./last cli }
  args=${args//--out data\/checkpoints\/$n/--out $OUT\/$n}
  echo "[from-scratch] $n: ./last cli $args"
  start=$(date +%s)
  # shellcheck disable=SC2086
  ./last cli $args
  for key in data/results/"$n"-sweep*.csv.key data/results/"$n"-halfrate-sweep*.csv.key; do
    [ -f "$key" ] || continue
    csv=${key%.key}
    samples=$(sed -n 's/^samples //p' "$key"); samples=${samples:-1000}
    methods=$(sed -n 's/^methods //p' "$key"); methods=${methods:-all}   # names contain spaces: the whole rest of the line
    extra=()
    ratios=$(sed -n 's/^ratios //p' "$key"); [ -n "$ratios" ] && extra+=(--ratios "$ratios")
    case "$(basename "$csv")" in "$n"-halfrate-sweep*) extra+=(--half-rate) ;; esac
    ./last cli sweep "$OUT/$n" --samples "$samples" --methods "$methods" "${extra[@]}" --out "$OUT/results/$(basename "$csv")"
  done
  echo "[from-scratch] $n done in $(( ($(date +%s) - start) / 60 )) min: test accuracy $(cut -d' ' -f1 "$OUT/$n/test-accuracy.txt") (shipped $(cut -d' ' -f1 "data/checkpoints/$n/test-accuracy.txt"))"
done
