#!/usr/bin/env bash
# Runs every Tandem benchmark (JMH, one run, one machine) and writes docs/benchmarks.md with
# its chart docs/benchmarks-chart.png. Fits a 2-core machine in about 25 minutes: 1 fork per
# benchmark, 2 x 1 s warm-up, 3 x 1 s measurement (the scale family: 3 x 0.5 s, 10 x 0.5 s),
# -prof gc for allocation per operation.
#
# Leave the machine alone while it runs: anything else on the cores shows in the numbers.
#
# Environment:
#   QUICK=1        a check of the whole path, not a measurement: a subset of the benchmarks,
#                  one 100 ms iteration each, a small retained-size count (about a minute);
#                  writes to benchmarks/target/quick/, never to docs/ unless OUT_MD says so
#   OUT_MD=...     where the page goes       (default docs/benchmarks.md)
#   OUT_CHART=...  where the chart goes      (default beside the page: benchmarks-chart.png)
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
results=${RESULTS:-benchmarks/target/results}
java=${JAVA:-java}
jar=benchmarks/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building benchmarks.jar"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
[[ -f "$jar" ]] || { echo "no $jar: build it first (mvn -B -pl benchmarks -am package -DskipTests)" >&2; exit 1; }
mkdir -p "$results" "$(dirname "$out_md")" "$(dirname "$out_chart")"

if [[ "$quick" == 1 ]]; then
  # One benchmark family member of each kind the report reads, 1 x 100 ms each.
  include=('LifecycleBenchmark\.listen_' 'LoopSubmissionBenchmark\.(callSoon|threadsafe1)_'
           'AdapterBenchmark\.fromCfListen_' 'ScaleBenchmark\.gather_(tandem|cf)'
           'MillionPendingBenchmark\.hold_(tandem|cf)' 'AwaitBenchmark\.awaitDone_'
           'CompositionBenchmark\.(chain3_(tandemLoop|tandemExecutor|cf)|settable_(tandem|guava))$'
           'HandoffBenchmark\.pingPong_(tandemSettable|cf)$' 'WatchdogCostBenchmark\.lifecycle$'
           'HostedLoopBenchmark\.lifecycle_')
  settings=(-f 1 -wi 0 -i 1 -r 100ms -p count=100000)
  retained_count=10000
else
  include=('dev\.tandem\.benchmarks\.')
  settings=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  # The scale family runs milliseconds per operation with garbage collections in between: three
  # iterations give confidence intervals wider than the scores, so it gets ten shorter ones.
  scale_settings=(-f 1 -wi 3 -w 500ms -i 10 -r 500ms)
  retained_count=100000
fi

echo "== JMH ($(date -u +%H:%M:%S) UTC)"
start=$SECONDS
jmh_files="$results/jmh.json"
if [[ "$quick" == 1 ]]; then
  "$java" -jar "$jar" "${include[@]}" "${settings[@]}" \
    -prof gc -foe false -to 60s \
    -jvmArgsAppend "-Xms2g -Xmx2g" \
    -rf json -rff "$results/jmh.json"
else
  "$java" -jar "$jar" "${include[@]}" -e 'ScaleBenchmark' "${settings[@]}" \
    -prof gc -foe false -to 60s \
    -jvmArgsAppend "-Xms2g -Xmx2g" \
    -rf json -rff "$results/jmh.json"
  "$java" -jar "$jar" 'ScaleBenchmark' "${scale_settings[@]}" \
    -prof gc -foe false -to 60s \
    -jvmArgsAppend "-Xms2g -Xmx2g" \
    -rf json -rff "$results/jmh-scale.json"
  jmh_files="$results/jmh.json,$results/jmh-scale.json"
fi
echo "== JMH took $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"

echo "== retained bytes per pending future"
"$java" -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -Xmx4g -cp "$jar" \
  dev.tandem.benchmarks.RetainedSize "$results/retained.json" "$retained_count"

echo "== report"
"$java" -Djava.awt.headless=true -cp "$jar" \
  dev.tandem.benchmarks.report.Report "$jmh_files" "$results/retained.json" "$out_md" "$out_chart"
