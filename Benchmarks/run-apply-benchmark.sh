#!/usr/bin/env bash
# Apply benchmark (issue #5, docs/performance.md): a generated estate of N workflows (N/5
# applications, a third of the workflows scheduled, 5 accounts: the keys' own and the four
# managed ones the emulator knows) against `canvasctl emulator --latency-ms 20`: first plan,
# `apply --parallelism 16 --auto-approve`, no-change plan, each with its wall time and peak
# memory, and the network lower bound of the apply: the larger of requests x latency /
# parallelism and the critical path of dependent calls x latency. Targets: apply within 1.2x
# that bound, no-change plan within 2 round trips + 0.3 s, peak memory under 200 MB at 10,000.
#
# Usage: Benchmarks/run-apply-benchmark.sh [--sizes N[,N...]] [--runs R] [--no-build] [--rev REV]
#                                          [--canvasctl PATH] [--latency-ms MS] [--parallelism P]
#                                          [--max-per-account M] [--emulator-max-per-account E]
#                                          [--files F] [--work DIR] [--state-backend file|postgres]
#   --sizes N,...     estate sizes in workflows (default 1000,10000)
#   --runs R          runs per size, each against a fresh emulator (default 3)
#   --no-build        use the existing build (.build-bench/swiftpm/release/canvasctl)
#   --rev REV         build the committed tree REV (git archive into .build-bench/src-rev,
#                     scratch .build-bench/swiftpm-rev) instead of the working tree
#   --canvasctl PATH  measure this canvasctl binary (no build), e.g. to compare two builds
#   --latency-ms MS   latency the emulator adds to every response (default 20)
#   --parallelism P   apply --parallelism (default 16)
#   --max-per-account M  canvasctl --max-per-account for the plans and the apply (default: not
#                     given, so canvasctl's own default, 8)
#   --emulator-max-per-account E  the emulator's --max-concurrent-per-account: it answers 429
#                     (Retry-After: 1) above E requests of one account in flight (default: no bound)
#   --files F         manifest files per estate (default 10)
#   --work DIR        where estates, runs and results go (default .build-bench), so that two
#                     benchmarks at once do not overwrite each other's files
#   --state-backend B the state of each run: `file` (default, canvasctl.state.json in the run's
#                     directory) or `postgres`: a PostgreSQL server started for the benchmark
#                     (initdb and pg_ctl from Debian's postgresql, in a temporary directory, on
#                     a free loopback port, with PostgreSQL's default durability: fsync and
#                     synchronous_commit on; as the postgres user when run as root), each run a
#                     state of its own in one database, stopped at the end
#
# Works on a fresh Debian/Ubuntu machine with Swift in PATH or at /opt/swift: installs time
# (for /usr/bin/time -v) when missing (apt-get, through sudo when not root). Builds with its
# own scratch path (.build-bench/swiftpm), so it never waits for the lock of .build. Scratch
# files go to .build-bench/ (ignored by git): per run .build-bench/apply-N/run-R/ holds the
# request log, each command's output, /usr/bin/time's report and a timeline of the apply
# (request-log lines every 20 ms, open connections to the emulator every 0.5 s). Results:
# .build-bench/apply-benchmark.md (tables, medians, spread, and the CPU time everything else on
# the machine used meanwhile) and .build-bench/apply-benchmark.json. The network bound is computed
# from the requests the emulator admitted (429 answers are counted apart) at the parallelism given;
# the results also show the concurrency the limits allow at most: min(P, accounts x M, accounts x E).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

SIZES=1000,10000
RUNS=3
NO_BUILD=0
REV=
GIVEN_CANVASCTL=
LATENCY_MS=20
PARALLELISM=16
MAX_PER_ACCOUNT=
EMULATOR_MAX_PER_ACCOUNT=
FILES=10
WORK=.build-bench
STATE_BACKEND=file
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) shift; SIZES="${1:?--sizes needs N[,N...]}" ;;
        --runs) shift; RUNS="${1:?--runs needs a number}" ;;
        --no-build) NO_BUILD=1 ;;
        --rev) shift; REV="${1:?--rev needs a commit}" ;;
        --canvasctl) shift; GIVEN_CANVASCTL="${1:?--canvasctl needs a path}" ;;
        --latency-ms) shift; LATENCY_MS="${1:?--latency-ms needs a number}" ;;
        --parallelism) shift; PARALLELISM="${1:?--parallelism needs a number}" ;;
        --files) shift; FILES="${1:?--files needs a number}" ;;
        --work) shift; WORK="${1:?--work needs a directory}" ;;
        --state-backend) shift; STATE_BACKEND="${1:?--state-backend needs file or postgres}" ;;
        --max-per-account) shift; MAX_PER_ACCOUNT="${1:?--max-per-account needs a number}" ;;
        --emulator-max-per-account) shift; EMULATOR_MAX_PER_ACCOUNT="${1:?--emulator-max-per-account needs a number}" ;;
        -h|--help) sed -n '2,45p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-apply-benchmark.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

for value in "$PARALLELISM" ${MAX_PER_ACCOUNT:+"$MAX_PER_ACCOUNT"} ${EMULATOR_MAX_PER_ACCOUNT:+"$EMULATOR_MAX_PER_ACCOUNT"}; do
    [[ "$value" =~ ^[0-9]+$ ]] && [ "$value" -ge 1 ] || { echo "run-apply-benchmark.sh: '$value' is not a number of at least 1" >&2; exit 2; }
done
# What canvasctl and the emulator are given for the limits (nothing when not set).
LIMIT_ARGS=()
if [ -n "$MAX_PER_ACCOUNT" ]; then LIMIT_ARGS=(--max-per-account "$MAX_PER_ACCOUNT"); fi
EMULATOR_ARGS=()
if [ -n "$EMULATOR_MAX_PER_ACCOUNT" ]; then EMULATOR_ARGS=(--max-concurrent-per-account "$EMULATOR_MAX_PER_ACCOUNT"); fi

BENCH=.build-bench
SOURCE=.
SCRATCH=$BENCH/swiftpm
if [ -n "$REV" ]; then
    SOURCE=$BENCH/src-rev
    SCRATCH=$BENCH/swiftpm-rev
fi
CANVASCTL=$SCRATCH/release/canvasctl
MD=$WORK/apply-benchmark.md
JSON=$WORK/apply-benchmark.json
# The emulator's accounts (Sources/CanvasEmulator/EmulatorSeed.swift): `self` is the keys' own
# (aae3f328-…), then the four others. Five accounts at 8 requests each (canvasctl's default
# --max-per-account) leave room for --parallelism 16.
ACCOUNT_IDS=self,dedf618d-53a7-42af-bb4a-d78ec8e6dbdc,387c0680-d4d2-43c6-b802-49419d88260b,be4f3f1e-0e6d-4f68-b8d8-546163c5dfad,78e83bd6-32b1-41b6-b172-9e6dc88d6477
CONSUMER_KEY=bench-consumer-key
SECRET_KEY=bench-secret-key

say() { printf '==> %s\n' "$*" >&2; }
die() { echo "run-apply-benchmark.sh: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "run-apply-benchmark.sh: need root to run: $*" >&2
        return 1
    fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these yourself: $*"
    say "apt-get update && apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- tools ---------------------------------------------------------------------------
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
[ -x /usr/bin/time ] || apt_install time
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3
mkdir -p "$BENCH" "$WORK"

if [ -n "$GIVEN_CANVASCTL" ]; then
    [ -x "$GIVEN_CANVASCTL" ] || die "--canvasctl: $GIVEN_CANVASCTL is not an executable"
    CANVASCTL=$GIVEN_CANVASCTL
    NO_BUILD=1
    BUILT_FROM="the given binary $GIVEN_CANVASCTL (sha256 $(sha256sum "$GIVEN_CANVASCTL" | cut -c1-12))"
elif [ -n "$REV" ]; then
    COMMIT=$(git rev-parse --verify "$REV^{commit}") || die "--rev: '$REV' is not a commit"
    if [ "$NO_BUILD" -eq 0 ]; then
        say "git archive $COMMIT into $SOURCE"
        rm -rf "$SOURCE"
        mkdir -p "$SOURCE"
        git archive "$COMMIT" | tar -x -C "$SOURCE"
        echo "$COMMIT" >"$SOURCE/.bench-rev"
    fi
    [ "$(cat "$SOURCE/.bench-rev" 2>/dev/null)" = "$COMMIT" ] || die "$SOURCE does not hold $COMMIT (drop --no-build)"
    BUILT_FROM="commit $COMMIT"
else
    BUILT_FROM="the working tree at $(git rev-parse HEAD 2>/dev/null || echo '?')"
    if [ -n "$(git status --porcelain -- Sources Package.swift 2>/dev/null)" ]; then
        BUILT_FROM="$BUILT_FROM, with uncommitted changes in Sources/"
    fi
fi
if [ "$NO_BUILD" -eq 0 ]; then
    say "swift build -c release --product canvasctl --static-swift-stdlib --scratch-path $SCRATCH (in $SOURCE)"
    (cd "$SOURCE" && swift build -c release --product canvasctl --static-swift-stdlib --scratch-path "$ROOT/$SCRATCH")
fi
[ -x "$CANVASCTL" ] || die "$CANVASCTL not found (build it, or drop --no-build)"

# A sampler run beside the apply: every 20 ms, the time and the number of lines in the request log;
# every 0.5 s, the number of established connections to the emulator's port (/proc/net/tcp{,6}).
SAMPLER=$WORK/apply-sampler.py
cat >"$SAMPLER" <<'EOF'
import signal, sys, time
log_path, port, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
running = True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
def connections():
    # Reading /proc/net/tcp costs a few ms of CPU here: done every 25th sample only.
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "01" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                        n += 1
        except OSError:
            pass
    return n
lines = 0
sample = 0
open_connections = 0
with open(log_path, "rb") as log, open(out_path, "w", buffering=1) as out:
    while running:
        chunk = log.read()
        lines += chunk.count(b"\n")
        if sample % 25 == 0:
            open_connections = connections()
        sample += 1
        out.write(f"{time.time_ns()} {lines} {open_connections}\n")
        time.sleep(0.02)
EOF

EMU_PID=
SAMPLER_PID=
PG_DIR=
cleanup() {
    if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
    if [ -n "$EMU_PID" ]; then kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; fi
    if [ -n "$PG_DIR" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m fast >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; fi
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# --state-backend postgres: a server of the benchmark's own, and the URL of its database.
PG_URL=
case "$STATE_BACKEND" in
    file) ;;
    postgres)
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        [ -x "$PG_BIN/initdb" ] || die "--state-backend postgres needs PostgreSQL's server programs: apt-get install postgresql (scripts/setup)"
        PG_DIR=$(mktemp -d /tmp/canvasctl-bench-pg.XXXXXX)
        PG_PASSWORD=bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
        printf '%s' "$PG_PASSWORD" >"$PG_DIR/password"
        if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$PG_DIR"; fi
        PG_PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        say "starting PostgreSQL ($PG_BIN) on port $PG_PORT in $PG_DIR"
        as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U bench --pwfile="$PG_DIR/password" --auth-host=scram-sha-256 \
            --auth-local=trust -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed: $(tail -n 20 "$PG_DIR/initdb.log")"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
            -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null || die "PostgreSQL did not start: $(tail -n 20 "$PG_DIR/server.log")"
        PG_URL="postgres://bench:$PG_PASSWORD@127.0.0.1:$PG_PORT/bench"
        as_postgres "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U bench -d postgres -qc "CREATE DATABASE bench" \
            || die "cannot create the benchmark's database"
        ;;
    *) die "--state-backend: '$STATE_BACKEND' is not file or postgres" ;;
esac

# CPU time (user + system, clock ticks) of a running process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Busy CPU time of the whole machine (clock ticks: all but idle and iowait). What is left of it
# after canvasctl and the emulator is what anything else ran meanwhile: on two cores, that skews
# the figures, so the results show it.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# run_phase RUN NAME CMD...: runs CMD under /usr/bin/time -v with the emulator's environment;
# writes RUN/NAME.{out,err,time,phase}. Returns CMD's exit code.
run_phase() {
    local run=$1 name=$2
    shift 2
    local before after cpu0 cpu1 busy0 busy1 t0 t1 rc
    before=$(wc -l <"$run/requests.jsonl")
    cpu0=$(cpu_ticks "$EMU_PID")
    busy0=$(busy_ticks)
    t0=$(date +%s%N)
    env -u CANVAS_STATE -u CANVAS_TOKEN -u CANVAS_MANAGED_ACCOUNT_ID \
        CANVAS_URL="$CANVAS_URL" CANVAS_CONSUMER_KEY="$CONSUMER_KEY" CANVAS_SECRET_KEY="$SECRET_KEY" NO_COLOR=1 \
        /usr/bin/time -v -o "$run/$name.time" "$@" >"$run/$name.out" 2>"$run/$name.err" && rc=0 || rc=$?
    t1=$(date +%s%N)
    after=$(wc -l <"$run/requests.jsonl")
    cpu1=$(cpu_ticks "$EMU_PID")
    busy1=$(busy_ticks)
    echo "{\"start_ns\": $t0, \"end_ns\": $t1, \"exit\": $rc, \"log_from\": $before, \"log_to\": $after," \
        "\"emulator_cpu_ticks\": $((cpu1 - cpu0)), \"machine_busy_ticks\": $((busy1 - busy0)), \"clk_tck\": $(getconf CLK_TCK)}" >"$run/$name.phase"
    return "$rc"
}

IFS=, read -r -a SIZE_LIST <<<"$SIZES"
RUN_DIRS=()
for N in "${SIZE_LIST[@]}"; do
    [[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 10 ] || die "--sizes: '$N' is not a number of workflows (at least 10)"
    ESTATE=$WORK/apply-estate-$N
    say "generating the estate of $N workflows into $ESTATE"
    rm -rf "$ESTATE"
    "$PYTHON" Benchmarks/generate_estate.py --workflows "$N" --applications $((N / 5)) --files "$FILES" \
        --account-ids "$ACCOUNT_IDS" --scheduled-fraction 0.33 --out "$ESTATE" >&2
    for R in $(seq 1 "$RUNS"); do
        RUN=$WORK/apply-$N/run-$R
        rm -rf "$RUN"
        mkdir -p "$RUN"
        : >"$RUN/requests.jsonl"
        say "N=$N run $R/$RUNS: emulator --latency-ms $LATENCY_MS ${EMULATOR_ARGS[*]}"
        "$CANVASCTL" emulator --port 0 --latency-ms "$LATENCY_MS" "${EMULATOR_ARGS[@]}" --consumer-key "$CONSUMER_KEY" \
            --secret-key "$SECRET_KEY" --request-log "$RUN/requests.jsonl" >"$RUN/emulator.out" 2>"$RUN/emulator.err" &
        EMU_PID=$!
        CANVAS_URL=
        for _ in $(seq 1 300); do
            CANVAS_URL=$(sed -n 's/^CANVAS_URL=//p' "$RUN/emulator.out")
            [ -n "$CANVAS_URL" ] && break
            kill -0 "$EMU_PID" 2>/dev/null || die "the emulator stopped: $(cat "$RUN/emulator.err")"
            sleep 0.1
        done
        [ -n "$CANVAS_URL" ] || die "the emulator printed no CANVAS_URL within 30 s"
        PORT=${CANVAS_URL##*:}
        PORT=${PORT%%/*}
        STATE=$RUN/canvasctl.state.json
        if [ -n "$PG_URL" ]; then STATE="$PG_URL?state=apply-$N-run-$R-$(date +%s)"; fi

        say "N=$N run $R: first plan"
        run_phase "$RUN" first-plan "$CANVASCTL" plan "$ESTATE" --state "$STATE" --format json "${LIMIT_ARGS[@]}" \
            || die "the first plan failed (exit $?): $(head -c 2000 "$RUN/first-plan.err")"

        say "N=$N run $R: apply --parallelism $PARALLELISM ${LIMIT_ARGS[*]}"
        "$PYTHON" "$SAMPLER" "$RUN/requests.jsonl" "$PORT" "$RUN/apply.timeline" &
        SAMPLER_PID=$!
        for _ in $(seq 1 100); do [ -s "$RUN/apply.timeline" ] && break; sleep 0.02; done
        run_phase "$RUN" apply "$CANVASCTL" apply "$ESTATE" --state "$STATE" --auto-approve --parallelism "$PARALLELISM" "${LIMIT_ARGS[@]}" \
            || die "the apply failed (exit $?): $(tail -c 2000 "$RUN/apply.err"; tail -n 5 "$RUN/apply.out")"
        kill "$SAMPLER_PID"; wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=

        say "N=$N run $R: no-change plan"
        run_phase "$RUN" noop-plan "$CANVASCTL" plan "$ESTATE" --state "$STATE" --detailed-exitcode "${LIMIT_ARGS[@]}" \
            || die "the no-change plan did not exit 0 (exit $?): $(tail -n 20 "$RUN/noop-plan.out"; head -c 2000 "$RUN/noop-plan.err")"

        awk '/^VmHWM/ { print $2 }' "/proc/$EMU_PID/status" >"$RUN/emulator.vmhwm-kib"
        kill "$EMU_PID"
        wait "$EMU_PID" 2>/dev/null || true
        EMU_PID=
        RUN_DIRS+=("$N:$RUN")
    done
done

# --- figures -------------------------------------------------------------------------
MACHINE="$(nproc) CPUs ($(lscpu 2>/dev/null | awk -F': *' '/^Model name/ {print $2; exit}')), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
"$PYTHON" - "$LATENCY_MS" "$PARALLELISM" "$MD" "$JSON" "$MACHINE" "$FILES" "$BUILT_FROM" "$STATE_BACKEND" \
    "${MAX_PER_ACCOUNT:-8}" "${EMULATOR_MAX_PER_ACCOUNT:-0}" "$(tr ',' '\n' <<<"$ACCOUNT_IDS" | wc -l)" "${RUN_DIRS[@]}" <<'EOF'
import json, os, re, statistics, sys

latency = float(sys.argv[1]) / 1000
parallelism = int(sys.argv[2])
md_path, json_path, machine, files, built_from, state_backend = sys.argv[3:9]
max_per_account, emulator_max, accounts = int(sys.argv[9]), int(sys.argv[10]), int(sys.argv[11])
runs = [(int(a.split(":", 1)[0]), a.split(":", 1)[1]) for a in sys.argv[12:]]
# The most requests the limits let be in flight at once over the estate's accounts.
in_flight_cap = min([parallelism, accounts * max_per_account] + ([accounts * emulator_max] if emulator_max else []))
WRITE = re.compile(r"^/api/(deployworkflow|deleteworkflow|deleteregapplication)(/|$)", re.I)

def time_report(path):
    out = {}
    for line in open(path):
        key, _, value = line.strip().rpartition(": ")
        out[key] = value
    return {"rss_kib": int(out["Maximum resident set size (kbytes)"]),
            "user_s": float(out["User time (seconds)"]), "sys_s": float(out["System time (seconds)"])}

def critical_writes(plan):
    """The longest chain of dependent steps of a plan of creates and updates (PlanGraph's rule:
    a step waits for the steps of what it depends on)."""
    steps = {c["address"]: c for c in plan["changes"] if c["action"] in ("create", "update", "replace")}
    depth = {}
    def d(address):
        if address not in depth:
            depth[address] = 1 + max((d(x) for x in steps[address]["depends_on"] if x in steps), default=0)
        return depth[address]
    longest = max(steps, key=d, default=None)
    chain = []
    while longest is not None:
        chain.append(longest)
        prev = [x for x in steps[longest]["depends_on"] if x in steps]
        longest = max(prev, key=d, default=None)
    return (max(depth.values(), default=0), list(reversed(chain)))

def one_run(n, run):
    phases = {}
    log = [json.loads(l) for l in open(os.path.join(run, "requests.jsonl"))]
    for name in ("first-plan", "apply", "noop-plan"):
        p = json.load(open(os.path.join(run, name + ".phase")))
        t = time_report(os.path.join(run, name + ".time"))
        lines = log[p["log_from"]:p["log_to"]]
        refused = [l for l in lines if l["status"] == 429]
        lines = [l for l in lines if l["status"] != 429]
        writes = [l for l in lines if l["method"] != "GET" or WRITE.match(l["path"])]
        phases[name] = {
            "wall_s": (p["end_ns"] - p["start_ns"]) / 1e9, **t,
            "emulator_cpu_s": p["emulator_cpu_ticks"] / p["clk_tck"],
            # Everything else the machine ran meanwhile (the timeline sampler's share is small).
            "other_cpu_s": max(0.0, p["machine_busy_ticks"] / p["clk_tck"] - t["user_s"] - t["sys_s"]
                               - p["emulator_cpu_ticks"] / p["clk_tck"]),
            "requests": len(lines), "writes": len(writes), "reads": len(lines) - len(writes),
            "failed": sum(1 for l in lines if l["status"] is None or l["status"] >= 400),
            "rate_limited": len(refused),
            "start_ns": p["start_ns"],
        }
    apply = phases["apply"]
    plan = json.load(open(os.path.join(run, "first-plan.out")))
    chain_writes, chain = critical_writes(plan)
    apply_lines = log[json.load(open(os.path.join(run, "apply.phase")))["log_from"]:]
    read_trips = 2 if any(re.match(r"^/api/workflowtemplate/", l["path"], re.I) for l in apply_lines) else 1
    critical = read_trips + chain_writes
    bound = max(apply["requests"] * latency / parallelism, critical * latency)
    # Timeline of the apply: when the reads were done, when writes began and ended.
    timeline = [tuple(map(int, l.split())) for l in open(os.path.join(run, "apply.timeline"))]
    t0 = apply["start_ns"]
    log_from = json.load(open(os.path.join(run, "apply.phase")))["log_from"]
    def first_time(count):
        """Seconds after the apply started when its count-th request was logged."""
        return next(((t - t0) / 1e9 for t, c, _ in timeline if c >= log_from + count), None)
    reads_done = first_time(apply["reads"])
    first_write = first_time(apply["reads"] + 1)
    # The log's lines count the 429 answers too.
    last = first_time(apply["requests"] + apply["rate_limited"])
    write_span = (last - first_write) if last is not None and first_write is not None else None
    connections = max((k for _, _, k in timeline), default=0)
    return {
        "size": n, "run": run, "phases": phases, "critical_path_calls": critical, "read_round_trips": read_trips,
        "write_chain": chain, "bound_s": bound, "ratio": apply["wall_s"] / bound,
        "timeline": {"first_request_s": first_time(1), "reads_done_s": reads_done, "first_write_s": first_write,
                     "last_request_s": last, "write_span_s": write_span,
                     "write_throughput_per_s": (apply["writes"] - 1) / write_span if write_span else None,
                     "max_connections": connections},
        "emulator_peak_rss_kib": int(open(os.path.join(run, "emulator.vmhwm-kib")).read().strip() or 0),
    }

results = [one_run(n, run) for n, run in runs]
json.dump(results, open(json_path, "w"), indent=1)

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values: return "–"
    m = fmt(statistics.median(values))
    return m if len(values) == 1 else f"{m} ({fmt(min(values))}–{fmt(max(values))})"
sec = lambda v: f"{v:.2f} s"
mib = lambda kib: f"{kib / 1024:.1f} MiB"

out = [f"# Apply benchmark", "",
       f"Emulator latency {latency * 1000:.0f} ms"
       + (f", at most {emulator_max} requests of one account in flight (429 above)" if emulator_max else "")
       + f", apply --parallelism {parallelism} --max-per-account {max_per_account}; estates from "
       f"Benchmarks/generate_estate.py --workflows N --applications N/5 --files {files} "
       f"--account-ids self,+4 --scheduled-fraction 0.33.", f"canvasctl (release) built from {built_from}.",
       f"Machine: {machine}.",
       "State: " + ("a local file (canvasctl.state.json)." if state_backend == "file"
                    else "PostgreSQL on loopback (a server started for the benchmark, default durability), a state per run."),
       "Figures: median of the runs, (min–max) when there are several.", ""]
for n in sorted({r["size"] for r in results}):
    rs = [r for r in results if r["size"] == n]
    a = [r["phases"]["apply"] for r in rs]
    out += [f"## {n} workflows ({len(rs)} run{'s' if len(rs) > 1 else ''})", "",
            "| phase | wall | peak RSS | canvasctl CPU (user+sys) | emulator CPU | requests (reads / writes) |",
            "|:---|---:|---:|---:|---:|---:|"]
    for name, label in (("first-plan", "first plan"), ("apply", "apply"), ("noop-plan", "no-change plan")):
        ps = [r["phases"][name] for r in rs]
        out.append(f"| {label} | {spread([p['wall_s'] for p in ps], sec)} | {spread([p['rss_kib'] for p in ps], mib)} | "
                   f"{spread([p['user_s'] + p['sys_s'] for p in ps], sec)} | {spread([p['emulator_cpu_s'] for p in ps], sec)} | "
                   f"{ps[0]['requests']} ({ps[0]['reads']} / {ps[0]['writes']}) |")
    r0 = rs[0]
    bound = med([r["bound_s"] for r in rs])
    ratio = med([r["ratio"] for r in rs])
    noop = med([r["phases"]["noop-plan"]["wall_s"] for r in rs])
    noop_target = 2 * latency + 0.3
    peak = max(p["rss_kib"] for r in rs for p in r["phases"].values())
    tl = [r["timeline"] for r in rs]
    out += ["",
            f"- Apply bound: max({a[0]['requests']} requests × {latency * 1000:.0f} ms ÷ {parallelism} = "
            f"{a[0]['requests'] * latency / parallelism:.2f} s, critical path {r0['critical_path_calls']} calls "
            f"({r0['read_round_trips']} read round trips + {' → '.join(x.split('.')[0] for x in r0['write_chain'])}) × "
            f"{latency * 1000:.0f} ms = {r0['critical_path_calls'] * latency:.2f} s) = **{bound:.2f} s**.",
            f"- Apply ÷ bound: **{spread([r['ratio'] for r in rs], lambda v: f'{v:.2f}×')}** "
            f"(target ≤ 1.2×: {'met' if ratio <= 1.2 else 'NOT met'}).",
            f"- No-change plan: **{spread([r['phases']['noop-plan']['wall_s'] for r in rs], sec)}** against "
            f"2 × {latency * 1000:.0f} ms + 0.3 s = {noop_target:.2f} s (target: {'met' if noop <= noop_target else 'NOT met'}).",
            f"- Peak RSS of canvasctl, largest of the three phases and runs: {mib(peak)} "
            + (f"(target < 200 MB = 190.7 MiB: {'met' if peak * 1024 < 200e6 else 'NOT met'})." if n >= 10000 else "(no target below 10,000)."),
            f"- Apply timeline (from the request log, seconds after start): reads done "
            f"{spread([t['reads_done_s'] for t in tl], sec)}, first write {spread([t['first_write_s'] for t in tl], sec)}, "
            f"last request {spread([t['last_request_s'] for t in tl], sec)}; writes at "
            f"{spread([t['write_throughput_per_s'] for t in tl], lambda v: f'{v:.0f}/s')} "
            f"(= {spread([t['write_throughput_per_s'] * latency if t['write_throughput_per_s'] else None for t in tl], lambda v: f'{v:.1f}')} "
            f"requests in flight on average); at most {max(t['max_connections'] for t in tl)} connections open to the emulator.",
            f"- Network bound at --parallelism {parallelism}: the admitted requests (429 answers left out) each take one "
            f"latency, {parallelism} at a time, or the critical path, whichever is longer. The limits allow at most "
            f"min({parallelism}, {accounts} accounts × {max_per_account} per account"
            + (f", {accounts} × {emulator_max} the emulator admits" if emulator_max else "")
            + f") = {in_flight_cap} requests in flight"
            + (" (below the parallelism: the bound above cannot be reached)." if in_flight_cap < parallelism else "."),
            f"- Emulator peak RSS: {spread([r['emulator_peak_rss_kib'] for r in rs], mib)}. Failed requests in the apply "
            f"(429 left out): {sum(r['phases']['apply']['failed'] for r in rs)}. 429 answers: apply "
            f"{spread([r['phases']['apply']['rate_limited'] for r in rs], str)}, first plan "
            f"{spread([r['phases']['first-plan']['rate_limited'] for r in rs], str)}, no-change plan "
            f"{spread([r['phases']['noop-plan']['rate_limited'] for r in rs], str)}.",
            f"- CPU time of everything else on the machine during the apply (should be near 0: on two cores "
            f"it skews the figures): {spread([r['phases']['apply']['other_cpu_s'] for r in rs], sec)}; during the "
            f"no-change plan: {spread([r['phases']['noop-plan']['other_cpu_s'] for r in rs], sec)}.", ""]
open(md_path, "w").write("\n".join(out))
EOF

echo
cat "$MD"
say "written: $MD, $JSON (per run: $WORK/apply-N/run-R/)"
