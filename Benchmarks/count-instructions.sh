#!/usr/bin/env bash
# Counts the instructions one canvasctl command executes (valgrind's cachegrind, "I refs"), to
# compare two builds on a host whose speed drifts by 10-30 % within an hour: the count of the same
# command on the same input varies by well under 1 % from run to run, where its wall time does not.
# It counts work, not time: page faults, cache misses and waiting are not in it, so a change that
# saves memory rather than instructions needs a timed comparison as well (docs/performance.md).
#
# Usage: Benchmarks/count-instructions.sh [--out FILE] CANVASCTL ARGS...
#   e.g. Benchmarks/count-instructions.sh .build-release/release/canvasctl validate estate
#        Benchmarks/count-instructions.sh --out plan.cg BIN plan estate --state s.json --detailed-exitcode
#   --out FILE  keep cachegrind's per-function counts there (read them with `cg_annotate FILE`)
#
# The command runs under valgrind about 30 times slower than on its own; a plan against the
# emulator still completes (its requests wait on the emulator, not the other way round). valgrind
# (Debian's 3.19) cannot read the DWARF 5 debug information of a Swift build, so the binary is
# measured from a copy without it (`strip --strip-debug`: the symbols stay, for cg_annotate).
# Installs valgrind when missing (apt-get, through sudo when not root).
set -euo pipefail

out=""
if [ "${1:-}" = "--out" ]; then
    out=$2
    shift 2
fi
[ $# -ge 1 ] || { echo "usage: $0 [--out FILE] CANVASCTL ARGS..." >&2; exit 2; }
binary=$1
shift
[ -x "$binary" ] || { echo "error: $binary is not an executable" >&2; exit 2; }

if ! command -v valgrind >/dev/null; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y -qq valgrind >/dev/null
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
strip --strip-debug -o "$scratch/canvasctl" "$binary"
valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="${out:-$scratch/cachegrind.out}" \
    "$scratch/canvasctl" "$@" >"$scratch/stdout" 2>"$scratch/stderr" || status=$?
refs=$(sed -n 's/^==[0-9]*== I *refs: *//p' "$scratch/stderr")
[ -n "$refs" ] || { echo "error: valgrind reported no count:" >&2; tail -n 20 "$scratch/stderr" >&2; exit 1; }
echo "$refs instructions (exit ${status:-0})"
