#!/usr/bin/env bash
# Manifest benchmark (docs/performance.md): load and validate 10,000 workflows and 2,000
# applications (about 4.5 MB in 20 files) with `canvasctl validate` in a release build,
# against a bare libyaml event scan in C (the floor) and PyYAML's CSafeLoader (a
# mainstream libyaml-based loader). Targets: canvasctl <= 3x the C scan, and
# PyYAML >= 10x canvasctl.
#
# Usage: Benchmarks/run-manifest-benchmark.sh [--regenerate] [--skip-canvasctl] [--no-build]
#                                             [--runs N] [--warmup N]
#   --regenerate      generate the estate again even if .build-bench/estate exists
#   --skip-canvasctl  measure only the C scan and PyYAML (no swift build)
#   --no-build        use the existing .build/release/canvasctl
#   --runs N          runs per command (default: hyperfine's, at least 10 and 3 s)
#   --warmup N        warm-up runs per command (default 3)
#
# Works on a fresh Debian/Ubuntu machine with Swift in PATH or at /opt/swift: installs
# hyperfine, time, pkg-config, libyaml-dev and PyYAML (with libyaml) when missing
# (with apt-get, through sudo when not root). Scratch files go to .build-bench/ (ignored
# by git through .build*). Results: .build-bench/manifest-benchmark.md (markdown table,
# ratios, peak memory) and .build-bench/manifest-benchmark.json (hyperfine's data).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

REGENERATE=0
SKIP_CANVASCTL=0
NO_BUILD=0
RUNS=()
WARMUP=3
while [ $# -gt 0 ]; do
    case "$1" in
        --regenerate) REGENERATE=1 ;;
        --skip-canvasctl) SKIP_CANVASCTL=1 ;;
        --no-build) NO_BUILD=1 ;;
        --runs) shift; RUNS=(--runs "${1:?--runs needs a number}") ;;
        --warmup) shift; WARMUP="${1:?--warmup needs a number}" ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-manifest-benchmark.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

BENCH=.build-bench
ESTATE=$BENCH/estate
SCAN=$BENCH/libyaml_scan
CANVASCTL=.build/release/canvasctl
MD=$BENCH/manifest-benchmark.md
JSON=$BENCH/manifest-benchmark.json
GEN_ARGS=(--workflows 10000 --applications 2000 --files 20 --accounts 10 --scheduled-fraction 0.33)

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "run-manifest-benchmark.sh: need root to run: $*" >&2
        return 1
    fi
}

APT_UPDATED=0
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "run-manifest-benchmark.sh: apt-get not found; install these yourself: $*" >&2
        return 1
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- tools ---------------------------------------------------------------------------
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time || say "no /usr/bin/time: peak memory not measured"
command -v pkg-config >/dev/null 2>&1 || apt_install pkg-config
pkg-config --exists yaml-0.1 || apt_install libyaml-dev
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
    if command -v clang >/dev/null 2>&1; then CC=clang; else apt_install gcc libc6-dev; CC=cc; fi
fi
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3
pyyaml_ok() { "$PYTHON" -c 'import yaml; assert yaml.__with_libyaml__' >/dev/null 2>&1; }
if ! pyyaml_ok; then
    say "PyYAML with libyaml missing: pip install pyyaml"
    "$PYTHON" -m pip install --quiet pyyaml || true
    if ! pyyaml_ok && [ "$(command -v "$PYTHON")" = /usr/bin/python3 ]; then
        apt_install python3-yaml   # Debian's build links libyaml; pip may be refused (PEP 668)
    fi
    pyyaml_ok || { echo "run-manifest-benchmark.sh: $PYTHON has no PyYAML with libyaml (yaml.__with_libyaml__)" >&2; exit 1; }
fi

mkdir -p "$BENCH"

# --- estate --------------------------------------------------------------------------
GEN_SUM=$(sha256sum Benchmarks/generate_estate.py | cut -d' ' -f1)
if [ "$REGENERATE" -eq 1 ] || ! compgen -G "$ESTATE/*.yaml" >/dev/null; then
    say "generating the estate into $ESTATE"
    rm -rf "$ESTATE"
    "$PYTHON" Benchmarks/generate_estate.py "${GEN_ARGS[@]}" --out "$ESTATE"
    echo "$GEN_SUM" >"$BENCH/estate.generator-sha256"
else
    say "using the existing estate in $ESTATE (--regenerate to make it again)"
    if [ "$(cat "$BENCH/estate.generator-sha256" 2>/dev/null)" != "$GEN_SUM" ]; then
        say "warning: Benchmarks/generate_estate.py changed since the estate was generated; use --regenerate"
    fi
fi
FILES=("$ESTATE"/*.yaml)
BYTES=$(cat "${FILES[@]}" | wc -c)

# --- builds --------------------------------------------------------------------------
say "compiling $SCAN"
# shellcheck disable=SC2046  # pkg-config prints several words on purpose
"$CC" -O2 -o "$SCAN" Benchmarks/libyaml_scan.c $(pkg-config --cflags --libs yaml-0.1)

if [ "$SKIP_CANVASCTL" -eq 0 ]; then
    if [ "$NO_BUILD" -eq 0 ]; then
        say "swift build -c release --product canvasctl --static-swift-stdlib"
        swift build -c release --product canvasctl --static-swift-stdlib
    fi
    [ -x "$CANVASCTL" ] || { echo "run-manifest-benchmark.sh: $CANVASCTL not found" >&2; exit 1; }
fi

# --- sanity runs (each command must succeed on the estate before it is timed) ----------
SCAN_CMD="$SCAN ${FILES[*]}"
CANVASCTL_CMD="$CANVASCTL validate $ESTATE"
PYYAML_CMD="$PYTHON Benchmarks/pyyaml_load.py $ESTATE"
say "check: $SCAN_CMD"; $SCAN_CMD
if [ "$SKIP_CANVASCTL" -eq 0 ]; then
    say "check: $CANVASCTL_CMD"
    $CANVASCTL_CMD || { echo "run-manifest-benchmark.sh: canvasctl validate failed on the estate (exit $?)" >&2; exit 1; }
fi
say "check: $PYYAML_CMD"; $PYYAML_CMD

# --- timing --------------------------------------------------------------------------
NAMES=("libyaml event scan (C)")
CMDS=("$SCAN_CMD")
if [ "$SKIP_CANVASCTL" -eq 0 ]; then
    NAMES+=("canvasctl validate (release)"); CMDS+=("$CANVASCTL_CMD")
fi
NAMES+=("PyYAML CSafeLoader"); CMDS+=("$PYYAML_CMD")
HF_ARGS=(--warmup "$WARMUP" ${RUNS[@]+"${RUNS[@]}"} --export-markdown "$MD" --export-json "$JSON")
# No intermediate shell (hyperfine >= 1.13): the C scan takes well under 0.1 s.
if hyperfine --help | grep -q -- '--shell'; then HF_ARGS+=(--shell=none); fi
for i in "${!CMDS[@]}"; do HF_ARGS+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
say "hyperfine ${HF_ARGS[*]}"
hyperfine "${HF_ARGS[@]}"

# --- peak memory ---------------------------------------------------------------------
MEM_LINES=()
if [ -x /usr/bin/time ]; then
    for i in "${!CMDS[@]}"; do
        # shellcheck disable=SC2086  # the command strings are word-split on purpose
        /usr/bin/time -v -o "$BENCH/time.out" ${CMDS[$i]} >/dev/null 2>&1
        KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH/time.out")
        MEM_LINES+=("| ${NAMES[$i]} | $(awk -v kb="$KB" 'BEGIN { printf "%.1f", kb / 1024 }') |")
        say "peak memory of ${NAMES[$i]}: $KB KiB"
    done
fi

# --- ratios --------------------------------------------------------------------------
RATIOS=$("$PYTHON" - "$JSON" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def mean(name):
    return results[name]["mean"] if name in results else None
scan, ctl, py = (mean("libyaml event scan (C)"), mean("canvasctl validate (release)"),
                 mean("PyYAML CSafeLoader"))
if ctl is not None:
    a, b = ctl / scan, py / ctl
    print(f"canvasctl / C scan = {a:.2f}x (target <= 3x: {'met' if a <= 3 else 'NOT met'})")
    print(f"PyYAML / canvasctl = {b:.1f}x (target >= 10x: {'met' if b >= 10 else 'NOT met'})")
print(f"PyYAML / C scan = {py / scan:.1f}x")
EOF
)

{
    echo
    echo "Estate: ${#FILES[@]} files, $BYTES bytes in $ESTATE (Benchmarks/generate_estate.py ${GEN_ARGS[*]})."
    echo "Machine: $(nproc) CPUs, $(lscpu 2>/dev/null | awk -F': *' '/^Model name/ {print $2; exit}'); $(uname -sr)."
    echo
    echo "Ratios of the means:"
    echo
    while IFS= read -r line; do echo "- $line"; done <<<"$RATIOS"
    if [ ${#MEM_LINES[@]} -gt 0 ]; then
        echo
        echo "| Peak memory (/usr/bin/time -v) | MiB |"
        echo "|:---|---:|"
        printf '%s\n' "${MEM_LINES[@]}"
    fi
} >>"$MD"

echo
cat "$MD"
say "written: $MD, $JSON"
