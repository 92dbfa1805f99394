package dev.tandem.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.benchmarks.report.Report.Machine;
import dev.tandem.benchmarks.report.Report.RetainedRow;
import dev.tandem.benchmarks.report.Report.Status;
import dev.tandem.benchmarks.report.Report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator on hand-made JMH output: verdicts, tables and the chart file. */
final class ReportTest {
  @TempDir Path dir;

  private static String run(String benchmark, double score, String unit, String params) {
    return run(benchmark, score, "\"NaN\"", unit, params);
  }

  private static String run(String benchmark, double score, double error, String params) {
    return run(benchmark, score, String.valueOf(error), "ns/op", params);
  }

  private static String run(
      String benchmark, double score, String error, String unit, String params) {
    return String.format(
        Locale.ROOT,
        """
        {"jmhVersion":"1.37","benchmark":"dev.tandem.benchmarks.%s","mode":"avgt","threads":1,
         "forks":1,"jvmArgs":[],"jdkVersion":"17","vmName":"TestVM","vmVersion":"1",
         "warmupIterations":2,"warmupTime":"1 s","measurementIterations":3,"measurementTime":"1 s",
         "params":{%s},
         "primaryMetric":{"score":%s,"scoreError":%s,"scoreUnit":"%s"},
         "secondaryMetrics":{"gc.alloc.rate.norm":{"score":24.0,"scoreError":"NaN","scoreUnit":"B/op"}}}
        """,
        benchmark, params, score, error, unit);
  }

  private Report report(List<String> runs, List<RetainedRow> retained) throws IOException {
    Path json = dir.resolve("jmh.json");
    Files.writeString(json, "[" + String.join(",", runs) + "]", StandardCharsets.UTF_8);
    return new Report(Results.read(json), retained, "1000");
  }

  private static Verdict verdict(Report r, String startOfTarget) {
    return r.verdicts().stream()
        .filter(v -> v.target().contains(startOfTarget))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void missedTargets_areWrittenAsMissed_withTheirNumbers() throws IOException {
    Report r =
        report(
            List.of(
                run("LifecycleBenchmark.listen_tandem", 50, "ns/op", ""),
                run("LifecycleBenchmark.listen_cf", 40, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_tandem", 10, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_nettyLoop", 15, "ns/op", ""),
                run("AdapterBenchmark.fromCfListen_raw", 10, "ns/op", ""),
                run("AdapterBenchmark.fromCfListen_tandem", 12, "ns/op", ""),
                run("ScaleBenchmark.gather_tandem", 100, "us/op", "\"n\":\"10000\""),
                run("ScaleBenchmark.gather_tandem", 1500, "us/op", "\"n\":\"100000\"")),
            List.of(new RetainedRow("tandem", "x", 40), new RetainedRow("nettyImmediate", "y", 32)));

    String md = r.markdown("chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertEquals(Status.MISSED, verdict(r, "faster than every competitor").status());
    assertEquals(Status.MISSED, verdict(r, "`callSoon` from the loop thread").status());
    assertTrue(verdict(r, "`callSoon` from the loop thread").numbers().contains("1.50×"));
    assertEquals(Status.MISSED, verdict(r, "adapters").status());
    assertTrue(verdict(r, "adapters").numbers().contains("fromCfListen 1.20×"));
    assertEquals(Status.MISSED, verdict(r, "retains").status());
    assertEquals(Status.MISSED, verdict(r, "`gather`").status());
    assertTrue(verdict(r, "`gather`").numbers().contains("15.00×"));
    assertEquals(Status.NOT_MEASURED, verdict(r, "two other threads").status());
    assertTrue(md.contains("| **missed** |"), md);
    assertTrue(md.contains("| **not measured** |"), md);
    assertTrue(md.contains("targets are not met in this run"), md);
  }

  @Test
  void metTargets_areWrittenAsMet_andTheChartIsDrawn() throws IOException {
    Report r =
        report(
            List.of(
                run("LifecycleBenchmark.listen_tandem", 20, "ns/op", ""),
                run("LifecycleBenchmark.listen_cf", 40, "ns/op", ""),
                run("LifecycleBenchmark.listen_nettyLoop", 30, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_tandem", 10, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_nettyLoop", 25, "ns/op", ""),
                run("MillionPendingBenchmark.hold_tandem", 80, "ms/op", "\"count\":\"1000000\""),
                run("ScaleBenchmark.wait_tandem", 100, "us/op", "\"n\":\"10000\""),
                run("ScaleBenchmark.wait_tandem", 1000, "us/op", "\"n\":\"100000\"")),
            List.of(new RetainedRow("tandem", "x", 24), new RetainedRow("nettyImmediate", "y", 32)));

    String md = r.markdown("benchmarks-chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));
    Path png = dir.resolve("chart.png");
    r.chart().write(png);

    assertEquals(Status.MET, verdict(r, "faster than every competitor").status());
    assertEquals(Status.MET, verdict(r, "`callSoon` from the loop thread").status());
    assertEquals(Status.MET, verdict(r, "retains").status());
    assertEquals(Status.MET, verdict(r, "1,000,000").status());
    assertEquals(Status.MET, verdict(r, "`wait`").status());
    assertTrue(md.contains("| listen | CompletableFuture | 40.0 | ± – | ns/op | 2.00× | 24 |"), md);
    assertTrue(md.contains("![competitor time ÷ Tandem time, per benchmark](benchmarks-chart.png)"));
    assertTrue(md.contains("TestVM 1"), md);
    byte[] header = Files.readAllBytes(png);
    assertTrue(header.length > 1000 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G');
  }

  @Test
  void round2Targets_areMetMissedOrInconclusive_byTheirErrorBars() throws IOException {
    Report r =
        report(
            List.of(
                // clearly faster than every competitor: met
                run("CompositionBenchmark.chain3_tandemLoop", 50, 5, ""),
                run("CompositionBenchmark.chain3_cf", 100, 10, ""),
                run("CompositionBenchmark.chain3_guava", 120, 10, ""),
                // the bars overlap: inconclusive
                run("CompositionBenchmark.chain3_tandemExecutor", 110, 20, ""),
                // clearly slower: missed
                run("CompositionBenchmark.settable_tandem", 30, 1, ""),
                run("CompositionBenchmark.settable_guava", 20, 1, ""),
                run("HostedLoopBenchmark.lifecycle_tandemOnNetty", 15, 1, ""),
                run("HostedLoopBenchmark.lifecycle_nettyPromise", 18, 1, ""),
                // within noise with small errors: met; with wide errors: inconclusive
                run("WatchdogCostBenchmark.callSoon", 20.5, 1, "\"watchdog\":\"on\""),
                run("WatchdogCostBenchmark.callSoon", 20, 1, "\"watchdog\":\"off\""),
                run("WatchdogCostBenchmark.lifecycle", 25, 10, "\"watchdog\":\"on\""),
                run("WatchdogCostBenchmark.lifecycle", 20, 10, "\"watchdog\":\"off\"")),
            List.of(new RetainedRow("tandemSettable", "x", 24), new RetainedRow("guava", "y", 48)));

    String md = r.markdown("chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertEquals(Status.MET, verdict(r, "three-step loop-future chain").status());
    assertTrue(verdict(r, "three-step loop-future chain").numbers().contains("Tandem 50.0 ± 5.00 ns/op"));
    assertEquals(Status.INCONCLUSIVE, verdict(r, "executor-future chain").status());
    assertEquals(Status.MISSED, verdict(r, "create + 1 callback + complete ≤ Guava").status());
    assertEquals(Status.MET, verdict(r, "retained bytes with one callback").status());
    assertEquals(Status.NOT_MEASURED, verdict(r, "ping-pong").status());
    assertEquals(Status.MET, verdict(r, "Hosted on Netty: loop-future lifecycle").status());
    assertEquals(Status.NOT_MEASURED, verdict(r, "Hosted on Netty: `callSoon`").status());
    assertEquals(Status.MET, verdict(r, "`callSoon` with it on").status());
    assertEquals(Status.INCONCLUSIVE, verdict(r, "`lifecycle` with it on").status());
    assertTrue(md.contains("| **inconclusive** |"), md);
    assertTrue(md.contains("| chain3 | Tandem loop future | 50.0 | ± 5.00 | ns/op | 1 |"), md);
    assertTrue(md.contains("| chain3 | CompletableFuture | 100 | ± 10.0 | ns/op | 2.00× |"), md);
    assertTrue(md.contains("| lifecycle | 25.0 | ± 10.0 | 20.0 | ± 10.0 | ns/op | 1.25× |"), md);
  }
}
