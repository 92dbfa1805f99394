package dev.tandem.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.benchmarks.report.Report.Machine;
import dev.tandem.benchmarks.report.Report.RetainedRow;
import dev.tandem.benchmarks.report.Report.Status;
import dev.tandem.benchmarks.report.Report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
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
        .filter(v -> v.target().text().contains(startOfTarget))
        .findFirst()
        .orElseThrow();
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "'" + part + "' not in: " + text);
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
    assertContains(verdict(r, "`callSoon` from the loop thread").numbers(), "1.50×");
    assertEquals(Status.MISSED, verdict(r, "adapters").status());
    assertContains(verdict(r, "adapters").numbers(), "fromCfListen 1.20×");
    assertEquals(Status.MISSED, verdict(r, "retains").status());
    assertEquals(Status.MISSED, verdict(r, "`gather`").status());
    assertContains(verdict(r, "`gather`").numbers(), "15.00×");
    assertEquals(Status.NOT_MEASURED, verdict(r, "two other threads").status());
    assertTrue(md.contains("| **missed** |"), md);
    assertTrue(md.contains("| **not measured** |"), md);
    assertTrue(md.contains("targets are not met in this run"), md);
  }

  @Test
  void everyTargetRow_saysWhyNot_onlyWhenItIsNotMet() throws IOException {
    Report r =
        report(
            List.of(
                run("LifecycleBenchmark.listen_tandem", 50, "ns/op", ""),
                run("LifecycleBenchmark.listen_cf", 40, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_tandem", 10, "ns/op", ""),
                run("LoopSubmissionBenchmark.callSoon_nettyLoop", 25, "ns/op", "")),
            List.of());

    String md = r.markdown("chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertContains(md, "| target | verdict | numbers | why not / where to read |\n|---|---|---|---|\n");
    assertEquals(Target.values().length, r.verdicts().size());
    for (Verdict v : r.verdicts()) {
      String row = md.lines().filter(l -> l.startsWith("| " + v.target().text() + " |")).findFirst().orElseThrow();
      assertTrue(row.endsWith(" | " + v.whyNot() + " |"), row);
    }
    Verdict missed = verdict(r, "faster than every competitor");
    assertEquals(Status.MISSED, missed.status());
    assertContains(md, "| " + Target.LIFECYCLE_FASTEST.reason()
        + " ([analysis](benchmarks-analysis.md#profiles-of-the-rows-that-stay-missed)) |");
    Verdict met = verdict(r, "≥ 2 × Netty");
    assertEquals(Status.MET, met.status());
    assertTrue(md.contains("(needs ≥ 2.00×) |  |\n"), md);
    assertEquals(Status.NOT_MEASURED, verdict(r, "two other threads").status());
    assertEquals("its benchmark did not run", verdict(r, "two other threads").whyNot());
  }

  @Test
  void anchor_isGithubs_lowerCaseHyphenatedWithoutPunctuation() {
    assertEquals("profiles-of-the-rows-that-stay-missed", Target.anchor("Profiles of the rows that stay missed"));
    assertEquals("fromcflisten-target--115-raw", Target.anchor("`fromCfListen` (target ≤ 1.15× raw)"));
    assertEquals(
        "callsoon-in-a-users-harness-17-ns-in-family-3-about-38-ns-in-a-separate-harness",
        Target.anchor("`callSoon` in a user's harness: 17 ns in family 3, about 38 ns in a separate harness"));
    assertEquals("round-2-composition-the-settable-future-hosted-loops",
        Target.anchor("Round 2: composition, the settable future, hosted loops"));
    assertEquals("scale-at-100k-what-a-wait-over-100000-futures-spends",
        Target.anchor("Scale at 100k: what a `wait` over 100,000 futures spends"));
    assertEquals("snake_case-and-µs", Target.anchor("snake_case and µs"));
  }

  /** The analysis page, read from the repository (the module directory is the working one). */
  private static Set<String> analysisAnchors() throws IOException {
    Path doc = Path.of("..", "docs", Target.ANALYSIS);
    return Files.readAllLines(doc, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> Target.anchor(l.replaceFirst("^#+ ", "")))
        .collect(Collectors.toSet());
  }

  @Test
  void everyTargetThatCanBeMissed_hasAReason_andEveryLinkedSectionExists() throws IOException {
    Set<String> anchors = analysisAnchors();
    // exact or always-met measurements: a miss there is a code change, not a profile's matter
    Set<Target> withoutSection = EnumSet.of(Target.RETAINED_VS_NETTY, Target.HOLD_MILLION, Target.SETTABLE_RETAINED);
    for (Target t : Target.values()) {
      assertTrue(!t.reason().isBlank(), t::name);
      assertTrue(!t.reason().contains("|") && !t.reason().contains("\n"), t::name);
      if (withoutSection.contains(t)) {
        assertNull(t.heading(), t.name());
        assertEquals(t.reason(), t.whyNot(Status.MISSED));
        continue;
      }
      String heading = t.heading();
      assertTrue(heading != null, t::name);
      assertTrue(anchors.contains(Target.anchor(heading)),
          () -> t + ": no heading '" + heading + "' in docs/" + Target.ANALYSIS);
      for (Status s : List.of(Status.MISSED, Status.INCONCLUSIVE)) {
        assertEquals(t.reason() + " ([analysis](" + Target.ANALYSIS + "#" + Target.anchor(heading) + "))", t.whyNot(s));
      }
      assertEquals("", t.whyNot(Status.MET));
    }
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
    assertContains(verdict(r, "three-step loop-future chain").numbers(), "Tandem 50.0 ± 5.00 ns/op");
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
    assertTrue(md.contains("| lifecycle | 25.0 † | ± 10.0 | 20.0 † | ± 10.0 | ns/op | 1.25× ± 0.80 |"), md);
  }

  private static String runWithAlloc(String benchmark, double score, double error, double alloc) {
    return run(benchmark, score, String.valueOf(error), "ns/op", "")
        .replace("\"gc.alloc.rate.norm\":{\"score\":24.0", "\"gc.alloc.rate.norm\":{\"score\":" + alloc);
  }

  @Test
  void issue18Targets_getMetMissedOrInconclusive_fromTheRatiosErrorBars() throws IOException {
    Report r =
        report(
            List.of(
                // eight callbacks: faster than Guava and Netty, but CF's bar crosses parity
                runWithAlloc("LifecycleBenchmark.eightCallbacks_tandem", 100, 5, 128),
                runWithAlloc("LifecycleBenchmark.eightCallbacks_guava", 150, 5, 216),
                runWithAlloc("LifecycleBenchmark.eightCallbacks_nettyLoop", 200, 5, 160),
                runWithAlloc("LifecycleBenchmark.eightCallbacks_cf", 105, 10, 536),
                // lifecycle: 10 ÷ 25 = 0.40 ± 0.03 ≤ 0.5
                run("LifecycleBenchmark.listen_tandem", 10, 0.5, ""),
                run("LifecycleBenchmark.listen_nettyLoop", 25, 1, ""),
                run("LifecycleBenchmark.listen_cf", 60, 1, ""),
                // 18 ± 4 crosses 20 ns; 38 ± 2 is wholly over it
                run("LoopSubmissionBenchmark.callSoon_tandem", 18, 4, ""),
                run("LoopSubmissionBenchmark.callSoon_nettyLoop", 130, 5, ""),
                run("HarnessCallSoonBenchmark.callSoon_tandem", 38, 2, ""),
                // adapters: 1.10 ± 0.16 crosses 1.15, 1.00 ± 0.01 meets it
                run("AdapterBenchmark.fromCfListen_raw", 100, 10, ""),
                run("AdapterBenchmark.fromCfListen_tandem", 110, 11, ""),
                run("AdapterBenchmark.fromCfResult_raw", 20, 0.1, ""),
                run("AdapterBenchmark.fromCfResult_tandem", 20, 0.1, ""),
                // scale: 11.5 ± 1.6 crosses 12; Guava's growth printed beside
                run("ScaleBenchmark.wait_tandem", 1000, 100, "\"n\":\"10000\""),
                run("ScaleBenchmark.wait_tandem", 11500, 1000, "\"n\":\"100000\""),
                run("ScaleBenchmark.wait_guava", 600, 10, "\"n\":\"10000\""),
                run("ScaleBenchmark.wait_guava", 6000, 100, "\"n\":\"100000\""),
                // parity: await clearly slower than kotlinx's own
                run("AwaitBenchmark.awaitDone_tandem", 11.5, 0.5, ""),
                run("AwaitBenchmark.awaitDone_kotlinxCf", 7.3, 0.3, "")),
            List.of());

    String md = r.markdown("chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertEquals(Status.INCONCLUSIVE, verdict(r, "Eight callbacks on one loop future ≤ Guava").status());
    assertContains(verdict(r, "Eight callbacks on one loop future ≤ Guava").numbers(), "Guava SettableFuture 150 ± 5.00 (1.50×; Tandem ÷ it 0.67× ± 0.04)");
    assertEquals(Status.MET, verdict(r, "bytes allocated per operation ≤ Netty").status());
    assertContains(verdict(r, "bytes allocated per operation ≤ Netty").numbers(), "Tandem 128 B/op");
    assertEquals(Status.MET, verdict(r, "≤ 0.5 × the fastest competitor").status());
    assertContains(verdict(r, "≤ 0.5 × the fastest competitor").numbers(), "fastest competitor Netty DefaultEventLoop / DefaultPromise 25.0 ± 1.00: Tandem ÷ it 0.40× ± 0.03");
    assertEquals(Status.INCONCLUSIVE, verdict(r, "≤ 20 ns per callback (the loop driven").status());
    assertContains(verdict(r, "≤ 20 ns per callback (the loop driven").numbers(), "18.0 ± 4.00 † ns/op");
    assertEquals(Status.MISSED, verdict(r, "≤ 20 ns per callback (a user's harness").status());
    assertEquals(Status.MET, verdict(r, "`callSoon` from the loop thread ≥ 2 ×").status());
    assertEquals(Status.INCONCLUSIVE, verdict(r, "adapters").status());
    assertContains(verdict(r, "adapters").numbers(), "fromCfListen 1.10× ± 0.16 **inconclusive**");
    assertEquals(Status.INCONCLUSIVE, verdict(r, "`wait` over N futures").status());
    assertContains(verdict(r, "`wait` over N futures").numbers(), "(11.50× ± 1.52); best competitor: Guava SettableFuture 10.00× ± 0.24");
    assertEquals(Status.MISSED, verdict(r, "loop-side `wait` over 100k").status());
    assertEquals(Status.MISSED, verdict(r, "`await` on a done executor future").status());
    assertEquals(Status.NOT_MEASURED, verdict(r, "executor-future ping-pong").status());
    assertTrue(md.contains("| wait | Tandem | 1,000 | ± 100 | 11,500 | ± 1,000 | ns/op | 11.50× ± 1.52 | 1 |"), md);
  }

  @Test
  void rowsWithAnErrorOverTenPercent_areMarkedInEveryTable_withTheFootnote() throws IOException {
    Report r =
        report(
            List.of(
                run("LifecycleBenchmark.listen_tandem", 20, 2.5, ""),
                run("LifecycleBenchmark.listen_cf", 40, 4, ""),
                run("AdapterBenchmark.fromCfListen_raw", 100, 30, ""),
                run("AdapterBenchmark.fromCfListen_tandem", 110, 5, ""),
                run("ScaleBenchmark.gather_tandem", 100, 20, "\"n\":\"10000\""),
                run("ScaleBenchmark.gather_tandem", 1000, 50, "\"n\":\"100000\"")),
            List.of());

    String md = r.markdown("chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertTrue(md.contains("| listen | Tandem | 20.0 † | ± 2.50 | ns/op | 1 |"), md);
    assertTrue(md.contains("| listen | CompletableFuture | 40.0 | ± 4.00 | ns/op | 2.00× |"), md);
    assertTrue(md.contains("| fromCfListen | 100 † | ± 30.0 | 110 | ± 5.00 |"), md);
    assertTrue(md.contains("| gather | Tandem | 100 † | ± 20.0 | 1,000 | ± 50.0 |"), md);
    assertContains(verdict(r, "faster than every competitor").numbers(), "Tandem 20.0 ± 2.50 † ns/op");
    // the note under each marked table, and under the targets
    int notes = md.split(java.util.regex.Pattern.quote(Report.NOISY_NOTE), -1).length - 1;
    assertTrue(notes >= 4, md);
  }

  @Test
  void bothCharts_areWritten_theRatiosWithTheirPropagatedErrors() throws IOException {
    Report r =
        report(
            List.of(
                runWithAlloc("LifecycleBenchmark.listen_tandem", 20, 1, 32),
                runWithAlloc("LifecycleBenchmark.listen_cf", 40, 3, 88),
                runWithAlloc("LifecycleBenchmark.listen_guava", 30, 0.5, 48)),
            List.of());
    r.markdown("out/benchmarks-chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));
    Path ratios = dir.resolve("ratios.png");
    Path alloc = dir.resolve("alloc.png");

    r.chart().write(ratios);
    r.allocChart().write(alloc);

    // 40 ÷ 20 = 2, relative errors 3/40 and 1/20 in quadrature: 2 × 0.0901 = 0.180
    assertEquals(0.180, r.chart().error("F1 listen", "CompletableFuture"), 0.001);
    assertEquals(2, r.chart().size()); // Tandem's own row is the reference, not a bar
    assertEquals(3, r.allocChart().size()); // Tandem beside the competitors
    for (Path png : List.of(ratios, alloc)) {
      byte[] header = Files.readAllBytes(png);
      assertTrue(header.length > 1000 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G');
    }
  }

  @Test
  void aRunWithoutRows_writesEveryTargetAsNotMeasured() throws IOException {
    Report r = report(List.of(), List.of());

    String md = r.markdown("charts/benchmarks-chart.png", new Machine("cpu", 2, "1 GiB", "os", "vm"));

    assertTrue(r.verdicts().size() > 20, r.verdicts().toString());
    assertTrue(r.verdicts().stream().allMatch(v -> v.status() == Status.NOT_MEASURED), r.verdicts().toString());
    assertTrue(md.contains("*Not measured in this run.*"), md);
    assertTrue(md.contains("](charts/benchmarks-alloc.png)"), md);
  }
}
