#!/usr/bin/env bash
# Runs every Tandem benchmark (JMH, one session, one machine) and writes docs/benchmarks.md with
# its two charts, docs/benchmarks-chart.png (ratios with error bars) and docs/benchmarks-alloc.png
# (bytes allocated per operation). -prof gc throughout, for allocation per operation.
#
# Leave the machine alone while it runs: anything else on the cores shows in the numbers.
#
# Settings, per group (JMH's 99.9% error is about t(n-1) x s / sqrt(n) over the n measured
# iterations of all forks: 3 iterations give t = 31.6, 15 give 4.1, so more and shorter
# iterations are what brings the error under 10% of the score; more forks where run-to-run
# spread dominates, i.e. where two threads hand work to each other):
#
#   group     benchmarks                                  forks  warm-up        measurement     n
#   default   every family not below (33)                 1      4 x 1 s        24 x 300 ms    24
#   paired    LifecycleBenchmark (23), LoopSubmission-     3      4 x 1 s        12 x 300 ms    36
#             Benchmark callSoon/callLater (6)
#   handoff   pingPong (6), threadsafe1/2 (5),             3      6 x 500 ms     8 x 500 ms     24
#             HarnessCallSoonBenchmark.callSoon (2)
#   scale     ScaleBenchmark (9 x n = 10k, 100k: 18)      1      4 x 300 ms     30 x 300 ms    30
#   million   MillionPendingBenchmark (5)                 1      2 x 1 s        10 x 1 s       10
#
# The warm-up is at least 3 s per fork (1 s or more for the scale and million groups, which
# allocate hundreds of MB per second): with -Xms2g G1 grows eden to about 1 GB after its first
# collections, and the first pass through memory the process never touched costs the allocating
# thread a page fault per 4 KiB, about +25 ns per callSoon (28 B each) until eden has been used
# once (see docs/benchmarks-analysis.md, "callSoon in a user's harness"). -XX:+AlwaysPreTouch
# removes that, but pre-touching 2 GB takes about 6 s per JVM start on this machine, so only the
# scale and million groups use it (below), where the warm-up cannot cover the young generation.
#
# The paired group holds the context-propagation pairs (each _tandemContext row beside its off
# row) and the lifecycle rows: in one fork each, the same code's on/off ratio moved from one run
# to the next by more than its error bars (2.39x +- 0.26, then 1.85x +- 0.31), so the fork-to-fork
# spread was missing from the error. Three forks put it in.
#
# Left out of the full run, since no target reads them (QUICK and single runs still can):
# the single-thread ExecutorService rows of LoopSubmissionBenchmark (*_executor: the targets
# compare with Netty), HandoffBenchmark.submitGet_*, HarnessCallSoonBenchmark.callSoonFenceLast_*
# (a diagnostic for the analysis page).
#
# Time budget on 2 cores: benchmarks x forks x (warm-up + measurement + ~2 s JVM start):
#   default  33 x 1 x (4 + 7.2 + 2) s   = 436 s
#   paired   29 x 3 x (4 + 3.6 + 2) s   = 835 s
#   handoff  13 x 3 x (3 + 4 + 2) s     = 351 s
#   scale    18 x 1 x (1.2 + 9 + 2) s   = 220 s, about 330 s with its per-invocation set-up
#                                          (n pending futures made before every operation)
#   million   5 x 1 x (2 + 10 + 2) s    =  70 s
#   JMH about 1,950 s (33 min) by this sum, which overestimates: the run of 2026-12-02 without the
#   paired group took 24 min in all (the sum said 26 min for JMH alone), so about 29 min with it.
#   Retained sizes, the build and the report are in that.
#   Why these counts: with 15 iterations about half of the headline rows still had an error over
#   10% of the score (the machine's iteration-to-iteration spread is about 8%); the error shrinks
#   with t(n-1)/sqrt(n), 28% smaller at 24 iterations than at 15.
#
# Environment:
#   QUICK=1        a check of the whole path, not a measurement: a subset of the benchmarks,
#                  one 100 ms iteration each, a small retained-size count (about a minute);
#                  writes to benchmarks/target/quick/, never to docs/ unless OUT_MD says so
#   OUT_MD=...     where the page goes       (default docs/benchmarks.md)
#   OUT_CHART=...  where the ratio chart goes (default beside the page: benchmarks-chart.png)
#   OUT_ALLOC=...  where the allocation chart goes (default beside the page: benchmarks-alloc.png)
#   RESULTS=...    where the raw JSON goes   (default benchmarks/target/results)
#   SKIP_BUILD=1   use the benchmarks.jar already built
#   JAVA=...       the java to run with      (default: java on the PATH)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=${QUICK:-0}
if [[ "$quick" == 1 ]]; then
  out_md=${OUT_MD:-benchmarks/target/quick/benchmarks.md}
else
  out_md=${OUT_MD:-docs/benchmarks.md}
fi
out_chart=${OUT_CHART:-$(dirname "$out_md")/benchmarks-chart.png}
out_alloc=${OUT_ALLOC:-$(dirname "$out_md")/benchmarks-alloc.png}
results=${RESULTS:-benchmarks/target/results}
java=${JAVA:-java}
jar=benchmarks/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building benchmarks.jar"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
[[ -f "$jar" ]] || { echo "no $jar: build it first (mvn -B -pl benchmarks -am package -DskipTests)" >&2; exit 1; }
mkdir -p "$results" "$(dirname "$out_md")" "$(dirname "$out_chart")" "$(dirname "$out_alloc")"

if [[ "$quick" == 1 ]]; then
  # One benchmark family member of each kind the report reads, 1 x 100 ms each.
  include=('LifecycleBenchmark\.listen_' 'LoopSubmissionBenchmark\.(callSoon|threadsafe1)_'
           'HarnessCallSoonBenchmark\.callSoon_'
           'AdapterBenchmark\.fromCfListen_' 'ScaleBenchmark\.gather_(tandem|cf)'
           'MillionPendingBenchmark\.hold_(tandem|cf)' 'AwaitBenchmark\.awaitDone_'
           'CompositionBenchmark\.(chain3_(tandemLoop|tandemExecutor|cf)|settable_(tandem|guava))$'
           'HandoffBenchmark\.pingPong_(tandemSettable|cf)$' 'WatchdogCostBenchmark\.lifecycle$'
           'HostedLoopBenchmark\.lifecycle_')
  settings=(-f 1 -wi 0 -i 1 -r 100ms -p count=100000)
  retained_count=10000
else
  # The groups of the table above. "default" is everything the others do not take, so a new
  # family lands there without an edit here.
  handoff='HandoffBenchmark\.pingPong_|LoopSubmissionBenchmark\.threadsafe[12]_|HarnessCallSoonBenchmark\.callSoon_'
  unread='_executor$|HandoffBenchmark\.submitGet_|HarnessCallSoonBenchmark\.callSoonFenceLast_'
  paired='LifecycleBenchmark\.|LoopSubmissionBenchmark\.(callSoon|callLater)_'
  default_settings=(-f 1 -wi 4 -w 1s -i 24 -r 300ms)
  paired_settings=(-f 3 -wi 4 -w 1s -i 12 -r 300ms)
  handoff_settings=(-f 3 -wi 6 -w 500ms -i 8 -r 500ms)
  scale_settings=(-f 1 -wi 4 -w 300ms -i 30 -r 300ms)
  million_settings=(-f 1 -wi 2 -w 1s -i 10 -r 1s)
  retained_count=100000
fi

# The forked JVMs' options. The scale and million groups add -XX:+AlwaysPreTouch: they allocate
# megabytes per operation, and without it part of their measured iterations ran while the young
# generation was still being touched for the first time, a page fault per 4 KiB. That cost fell
# on whichever library allocated more slowly. Two runs of the same code a few minutes apart, on a
# shared machine (so only roughly): Tandem's wait over 100k futures 7,095 us without it, 4,449
# with it (Guava 4,105 and 3,131); asCompleted 10,844 and 6,602 (Guava 14,218 and 6,707).
# Pre-touching 2 GB costs about 6 s per fork: 23 forks, about 2 min.
jvm_args="-Xms2g -Xmx2g"

# One JMH run: a name for its JSON file, then its include regexes and options.
jmh() {
  local name=$1
  shift
  "$java" -jar "$jar" "$@" \
    -prof gc -foe false -to 60s \
    -jvmArgsAppend "$jvm_args" \
    -rf json -rff "$results/$name.json"
}

echo "== JMH ($(date -u +%H:%M:%S) UTC)"
start=$SECONDS
if [[ "$quick" == 1 ]]; then
  jmh jmh "${include[@]}" "${settings[@]}"
  jmh_files="$results/jmh.json"
else
  jmh jmh 'dev\.tandem\.benchmarks\.' \
    -e "ScaleBenchmark|MillionPendingBenchmark|$paired|$handoff|$unread" "${default_settings[@]}"
  jmh jmh-paired "$paired" -e "$unread" "${paired_settings[@]}"
  jmh jmh-handoff "$handoff" -e "$unread" "${handoff_settings[@]}"
  jvm_args="$jvm_args -XX:+AlwaysPreTouch" jmh jmh-scale 'ScaleBenchmark\.' "${scale_settings[@]}"
  jvm_args="$jvm_args -XX:+AlwaysPreTouch" jmh jmh-million 'MillionPendingBenchmark\.' \
    "${million_settings[@]}"
  jmh_files="$results/jmh.json,$results/jmh-paired.json,$results/jmh-handoff.json,$results/jmh-scale.json,$results/jmh-million.json"
fi
echo "== JMH took $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"

echo "== retained bytes per pending future"
"$java" -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -Xmx4g -cp "$jar" \
  dev.tandem.benchmarks.RetainedSize "$results/retained.json" "$retained_count"

echo "== report"
"$java" -Djava.awt.headless=true -cp "$jar" \
  dev.tandem.benchmarks.report.Report "$jmh_files" "$results/retained.json" "$out_md" "$out_chart" \
  "$out_alloc"
