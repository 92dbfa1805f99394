package dev.tandem.benchmarks.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tandem.benchmarks.report.Results.Score;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code docs/benchmarks.md} and its chart from one run's JMH JSON and the retained-size
 * JSON of {@code RetainedSize}.
 *
 * <p>Usage: {@code Report JMH.json[,MORE.json...] RETAINED.json OUT.md CHART.png [ALLOC.png]}
 * (the allocation chart defaults to {@value #ALLOC_CHART_NAME} beside the ratio chart). Every
 * design target is judged with the error bars ({@link Ratio}): <b>met</b>, <b>missed</b>, or
 * <b>inconclusive</b> when the error bar crosses the target; one whose benchmark did not run is
 * written as <b>not measured</b>. A row whose error is over 10% of its score is marked {@value
 * #NOISY} in every table. Nothing is rounded in Tandem's favour.
 */
public final class Report {
  static final String TANDEM = "tandem";

  /** Competitor ids (the method-name suffix) and how the page names them, in table order. */
  static final Map<String, String> COMPETITORS = new LinkedHashMap<>();

  static {
    COMPETITORS.put(TANDEM, "Tandem");
    COMPETITORS.put("tandemLoop", "Tandem loop future");
    COMPETITORS.put("tandemExecutor", "Tandem executor future");
    COMPETITORS.put("tandemSettable", "Tandem settable executor future");
    COMPETITORS.put("tandemContext", "Tandem, context propagation on (one ThreadLocal)");
    COMPETITORS.put(
        "tandemSettableContext",
        "Tandem settable executor future, context propagation on (one ThreadLocal)");
    COMPETITORS.put("tandemOnNetty", "Tandem loop hosted on Netty");
    COMPETITORS.put("nettyPromise", "Netty DefaultPromise (same DefaultEventLoop)");
    COMPETITORS.put("nettyExecute", "Netty execute (same DefaultEventLoop)");
    COMPETITORS.put("nettyByHand", "Netty promises chained by hand");
    COMPETITORS.put("kotlinxByHand", "kotlinx CompletableDeferreds chained by hand");
    COMPETITORS.put("nettyLoop", "Netty DefaultEventLoop / DefaultPromise");
    COMPETITORS.put("nettyImmediate", "Netty DefaultPromise (ImmediateEventExecutor)");
    COMPETITORS.put("cf", "CompletableFuture");
    COMPETITORS.put("guava", "Guava SettableFuture");
    COMPETITORS.put("kotlinx", "kotlinx CompletableDeferred");
    COMPETITORS.put("kotlinxCf", "kotlinx CompletableFuture.await");
    COMPETITORS.put("kotlinxGuava", "kotlinx ListenableFuture.await");
    COMPETITORS.put("executor", "single-thread ExecutorService");
    COMPETITORS.put("raw", "raw CompletableFuture / ListenableFuture");
  }

  /**
   * The competitors that are Tandem, in the order a variant's reference row (ratio 1) is chosen:
   * the loop future when a variant has it, else the hosted loop.
   */
  static final List<String> REFERENCES = List.of(TANDEM, "tandemLoop", "tandemOnNetty");

  /** A time family: its benchmark class, its heading, and what one operation is. */
  record Family(String clazz, String title, String explanation) {}

  static final List<Family> TIME_FAMILIES =
      List.of(
          new Family(
              "LifecycleBenchmark",
              "1. Future lifecycle on one thread",
              "One operation: create a future, add a callback, complete it, and the callback ran"
                  + " (`listen`); complete first, then add the callback (`completeThenListen`);"
                  + " eight callbacks (`eightCallbacks`). Tandem's loop future and Netty's"
                  + " promise on a `DefaultEventLoop` run on their loop thread, in batches of"
                  + " 10,000 per hand-off; Tandem's callbacks run later from the loop's queue,"
                  + " inside the measured batch. The others complete on the JMH thread and call"
                  + " back inline."),
          new Family(
              "HandoffBenchmark",
              "2. Cross-thread hand-off (ping-pong)",
              "One operation is a round trip: the JMH thread completes a ping future, a callback"
                  + " on the other thread (a loop or a single-thread executor) completes a pong"
                  + " future, the JMH thread wakes on it. Tandem hands the ping to its loop with"
                  + " `callSoonThreadsafe` (loop futures belong to their loop) and waits on an"
                  + " executor future. `submitGet`: submit a task to a one-thread pool and wait"
                  + " for its result."),
          new Family(
              "LoopSubmissionBenchmark",
              "3. Loop submissions",
              "One operation: submit a callback and it ran. `callSoon`: from the loop's own"
                  + " thread (Netty and the executor: `execute` called by a task on their"
                  + " thread). `threadsafe1` / `threadsafe2`: from one / two other threads,"
                  + " batches of 10,000 per thread. `callLater`: timers with a 1 ns delay"
                  + " scheduled on the loop thread and fired."),
          new Family(
              "HarnessCallSoonBenchmark",
              "3b. `callSoon` in a user's harness",
              "The same `callSoon` from the loop thread, in the shape a user's own harness takes:"
                  + " the loop runs on its own background thread, the JMH thread submits with"
                  + " `callSoonThreadsafe` one task that calls `callSoon` 10,000 times, then a"
                  + " fence the same way, and waits for the fence (`callSoon`). Netty's"
                  + " `DefaultEventLoop` in the same shape with `execute`. The fence is taken in"
                  + " the same loop turn as the task, so it runs before the task's callbacks:"
                  + " those run while the next invocation is submitted. `callSoonFenceLast`: the"
                  + " task queues the fence after its last callback, so the wait covers them all."
                  + " Why this differs from family 3's `callSoon`: [benchmarks-analysis.md]("
                  + Target.ANALYSIS + "#" + Target.anchor(Target.Headings.HARNESS) + ")."),
          new Family(
              "AwaitBenchmark",
              "5. Interop: await from a coroutine",
              "One operation is one `await()` in a coroutine; 1,000 of them run in one"
                  + " `runBlocking` called from Java, so its own cost is spread thin. `awaitDone`:"
                  + " the future is already done. `awaitLater`: a new pending future, completed by"
                  + " another coroutine of the same `runBlocking` after the await suspended, and the"
                  + " awaiting coroutine resumed (the same `launch` for every competitor). Tandem's"
                  + " `AsyncFuture.await()` on an `ExecutorFuture` versus kotlinx-coroutines' own"
                  + " `CompletableFuture.await()` and `ListenableFuture.await()`."));

  /** The round-2 families, after the scale family. */
  static final Family COMPOSITION =
      new Family(
          "CompositionBenchmark",
          "8. Composition and the settable executor future",
          "`chain3`: create a future, map it three times, observe the end with one callback,"
              + " complete the first, and the callback ran; per chain. Tandem's loop future"
              + " (`LoopFutures.map`, on its loop thread, in batches of 10,000; every step runs"
              + " later from the loop's queue, never inline) and executor future"
              + " (`ExecutorCombinators.map`) versus `CompletableFuture.thenApply`, Guava"
              + " `Futures.transform` on `directExecutor()` (the row named Guava SettableFuture),"
              + " and Netty promises and kotlinx `CompletableDeferred`s chained by hand with"
              + " listeners. The ratio column is *competitor ÷ Tandem's loop chain*. `settable`:"
              + " create + 1 callback + complete for the futures users complete themselves:"
              + " `ExecutorFutures.settable()`, Guava `SettableFuture`, `CompletableFuture`.");

  static final Family HOSTED =
      new Family(
          "HostedLoopBenchmark",
          "10. Tandem's loop hosted on Netty",
          "Tandem's loop on a Netty `DefaultEventLoop` (`NettyLoops.host`) against Netty's own"
              + " primitives on the same event loop, every batch of 10,000 a task of that loop."
              + " `lifecycle`: create a future, add one callback, complete it, the callback ran"
              + " (Tandem's runs later, in one of the loop's batches; Netty's listener runs inline,"
              + " its promise being completed on its executor's thread). `callSoon`: Tandem's"
              + " `callSoon` on the hosted loop (its own queue, one Netty task per batch) versus"
              + " Netty's `execute` from its own thread.");

  private final Results results;
  private final List<RetainedRow> retained;
  private final @Nullable String retainedCount;
  private final List<Verdict> verdicts = new ArrayList<>();
  private final Chart chart = Chart.ratios();
  private final Chart allocChart = Chart.allocation();

  record RetainedRow(String competitor, String what, double bytes) {}

  enum Status {
    MET("met"),
    MISSED("**missed**"),
    /** The error bar crosses the target: this run cannot tell whether it is met. */
    INCONCLUSIVE("**inconclusive**"),
    NOT_MEASURED("**not measured**");

    final String text;

    Status(String text) {
      this.text = text;
    }
  }

  /** One target's verdict in this run, and the numbers it was judged on. */
  record Verdict(Target target, Status status, String numbers) {
    /** The row's "why not" cell: empty when met (see {@link Target#whyNot}). */
    String whyNot() {
      return target.whyNot(status);
    }
  }

  Report(Results results, List<RetainedRow> retained, @Nullable String retainedCount) {
    this.results = results;
    this.retained = retained;
    this.retainedCount = retainedCount;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4 && args.length != 5) {
      System.err.println(
          "usage: Report JMH.json[,MORE.json...] RETAINED.json OUT.md CHART.png [ALLOC-CHART.png]");
      System.exit(2);
    }
    List<Path> jmh = new ArrayList<>();
    for (String file : args[0].split(",")) {
      jmh.add(Path.of(file));
    }
    Path retainedFile = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Path chartFile = Path.of(args[3]);
    Path allocFile =
        args.length == 5 ? Path.of(args[4]) : chartFile.resolveSibling(ALLOC_CHART_NAME);
    List<RetainedRow> retained = new ArrayList<>();
    String count = null;
    if (Files.exists(retainedFile)) {
      JsonObject json =
          JsonParser.parseString(Files.readString(retainedFile, StandardCharsets.UTF_8))
              .getAsJsonObject();
      count = json.get("count").getAsString();
      for (JsonElement e : json.getAsJsonArray("results")) {
        JsonObject r = e.getAsJsonObject();
        retained.add(
            new RetainedRow(
                r.get("competitor").getAsString(),
                r.get("what").getAsString(),
                r.get("bytesPerFuture").getAsDouble()));
      }
    }
    Report report = new Report(Results.read(jmh), retained, count);
    Path parent = out.toAbsolutePath().getParent();
    String link = parent.relativize(chartFile.toAbsolutePath()).toString();
    String allocLink = parent.relativize(allocFile.toAbsolutePath()).toString();
    Files.writeString(
        out, report.markdown(link, allocLink, Machine.describe()), StandardCharsets.UTF_8);
    report.chart.write(chartFile);
    report.allocChart.write(allocFile);
    for (Verdict v : report.verdicts) {
      System.out.println(v.status().name() + ": " + v.target().text() + " — " + v.numbers());
    }
    System.out.println("wrote " + out + ", " + chartFile + " and " + allocFile);
  }

  // ---------------------------------------------------------------- the page

  /** The allocation chart's default file name, beside the ratio chart. */
  static final String ALLOC_CHART_NAME = "benchmarks-alloc.png";

  /** The page, with the allocation chart beside the ratio chart ({@link #ALLOC_CHART_NAME}). */
  String markdown(String chartLink, Machine machine) {
    int slash = chartLink.lastIndexOf('/');
    return markdown(chartLink, chartLink.substring(0, slash + 1) + ALLOC_CHART_NAME, machine);
  }

  String markdown(String chartLink, String allocLink, Machine machine) {
    StringBuilder body = new StringBuilder();
    for (Family f : TIME_FAMILIES) {
      if (f.clazz().equals("AwaitBenchmark")) {
        adapterFamily(body);
      }
      timeFamily(body, f);
    }
    allocationFamily(body);
    scaleFamily(body);
    timeFamily(body, COMPOSITION);
    watchdogFamily(body);
    timeFamily(body, HOSTED);
    evaluateTargets();

    StringBuilder md = new StringBuilder();
    md.append("# Tandem benchmarks\n\n");
    md.append(
        "Tandem side by side with what users would pick instead, measured with JMH in one run on"
            + " one machine. Scores are average times per operation (lower is better). The"
            + " **ratio** column is *competitor ÷ Tandem*: above 1 Tandem is faster (or"
            + " smaller), below 1 it is slower. Generated by `scripts/run-benchmarks.sh`; do not"
            + " edit by hand.\n\n");
    md.append("## Where it ran\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| date | ")
        .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" |\n");
    String vm = results.setting("vmName");
    md.append("| JDK | ")
        .append(vm.isEmpty() ? machine.jvm() : vm + " " + results.setting("vmVersion") + " (Java " + results.setting("jdkVersion") + ")")
        .append(" |\n");
    md.append("| CPU | ").append(machine.cpu()).append(" |\n");
    md.append("| cores | ").append(machine.cores()).append(" |\n");
    md.append("| memory | ").append(machine.memory()).append(" |\n");
    md.append("| OS | ").append(machine.os()).append(" |\n");
    md.append("| JMH | ")
        .append(results.setting("jmhVersion"))
        .append("; ")
        .append(String.join("; ", results.iterationSettings()))
        .append("; JVM options `")
        .append(results.setting("jvmArgs"))
        .append("` |\n\n");
    md.append(
        "Error columns are JMH's 99.9% confidence half-width. A score marked " + NOISY + " has an"
            + " error over 10% of itself: that row cannot tell differences of that size. A ratio's"
            + " error is propagated from its two scores' (their relative errors added in"
            + " quadrature).\n\n");
    md.append(
        "To reproduce: `scripts/run-benchmarks.sh` on an otherwise idle machine (about 25"
            + " minutes on 2 cores; it builds `benchmarks/target/benchmarks.jar`, runs JMH with"
            + " `-prof gc`, measures retained sizes with JOL and rewrites this page and its"
            + " two charts). Single benchmarks: `java -jar benchmarks/target/benchmarks.jar"
            + " LifecycleBenchmark -prof gc`.\n\n");

    md.append("## Design targets\n\n");
    md.append("| target | verdict | numbers | why not / where to read |\n|---|---|---|---|\n");
    for (Verdict v : verdicts) {
      md.append("| ").append(v.target().text()).append(" | ").append(v.status().text).append(" | ")
          .append(v.numbers()).append(" | ").append(v.whyNot()).append(" |\n");
    }
    md.append("\n");
    if (verdicts.stream().anyMatch(v -> v.numbers().contains(NOISY))) {
      md.append(NOISY_NOTE).append("\n\n");
    }
    long missed = verdicts.stream().filter(v -> v.status() != Status.MET).count();
    if (missed == 0) {
      md.append("Every target is met in this run.\n\n");
    } else {
      md.append(missed)
          .append(" of ")
          .append(verdicts.size())
          .append(" targets are not met in this run (see the rows marked **missed**,"
              + " **inconclusive** or **not measured** above). The last column says why in one clause"
              + " and links the section of [benchmarks-analysis.md](benchmarks-analysis.md) with"
              + " the profile behind it, and what would close the gap.\n\n");
    }
    md.append(
        "The rows are the 0.1 targets, then round 2's (DESIGN.md), then issue 18's. Every target"
            + " is judged with the error bars: a ratio target (Tandem ÷ a competitor ≤ 1, ≤ 0.5,"
            + " ≤ 1.15; 100k ÷ 10k ≤ 12) takes the ratio with its propagated error, an absolute one"
            + " (≤ 20 ns) the score with its error. **Met** when the whole error bar is on the good"
            + " side of the target, **missed** when it is wholly on the bad side, **inconclusive**"
            + " when the bar crosses the target, so this run cannot tell. A target over several"
            + " rows takes its worst row's verdict. A within-noise target (the watchdog) is missed"
            + " when the two bars do not overlap and inconclusive when an error is over 10% of its"
            + " score. Allocation is compared in whole bytes. Rows without an error (a single"
            + " iteration) are judged on their scores alone.\n\n");
    md.append("## At a glance\n\n");
    md.append("![competitor time ÷ Tandem time, per benchmark](").append(chartLink).append(")\n\n");
    md.append(
        "Each bar is one competitor's score divided by Tandem's in the same benchmark (log"
            + " scale); right of the line at 1 Tandem is faster or smaller. The whiskers are the"
            + " ratio's error, propagated from the two scores' errors.\n\n");
    md.append("![bytes allocated per operation, Tandem beside the competitors](")
        .append(allocLink).append(")\n\n");
    md.append(
        "Bytes allocated per operation (`-prof gc`, `gc.alloc.rate.norm`) in every family"
            + " measured per operation (not the scale family, whose operation is a whole batch),"
            + " Tandem's bars beside the competitors'; shorter is better.\n\n");
    md.append(body);
    return md.toString();
  }

  private void timeFamily(StringBuilder md, Family f) {
    md.append("## ").append(f.title()).append("\n\n").append(f.explanation()).append("\n\n");
    List<Score> scores = results.family(f.clazz());
    if (scores.isEmpty()) {
      md.append("*Not measured in this run.*\n\n");
      return;
    }
    boolean alloc = scores.stream().anyMatch(s -> !Double.isNaN(s.allocBytesPerOp()));
    md.append("| variant | competitor | score | error | unit | ratio | ");
    md.append(alloc ? "alloc B/op |\n|---|---|---:|---:|---|---:|---:|\n" : "\n|---|---|---:|---:|---|---:|\n");
    boolean marked = false;
    for (String variant : variants(scores)) {
      String reference = reference(scores, variant);
      Optional<Score> tandem = find(scores, variant, reference);
      String category = shortTitle(f) + " " + variant;
      for (Score s : sorted(scores, variant)) {
        marked |= noisy(s);
        md.append("| ").append(variant).append(" | ").append(name(s.competitor())).append(" | ")
            .append(scoreCell(s)).append(" | ± ").append(num(s.error())).append(" | ")
            .append(s.unit()).append(" | ");
        if (s.competitor().equals(reference)) {
          md.append("1");
        } else if (tandem.isPresent()) {
          Ratio ratio = Ratio.of(s, tandem.get());
          md.append(ratio(ratio.value()));
          if (!s.competitor().startsWith(TANDEM)) {
            chart.add(category, name(s.competitor()), ratio.value(), ratio.error());
          }
        } else {
          md.append("–");
        }
        md.append(" |");
        if (alloc) {
          md.append(" ").append(bytes(s.allocBytesPerOp())).append(" |");
          allocChart.add(category, name(s.competitor()), s.allocBytesPerOp(), s.allocError());
        }
        md.append("\n");
      }
    }
    footnote(md, marked);
  }

  /** A score for a table cell, marked {@link #NOISY} if its error is over 10% of it. */
  private static String scoreCell(Score s) {
    return noisy(s) ? num(s.score()) + " " + NOISY : num(s.score());
  }

  /** Ends a table: a blank line, and the note on {@link #NOISY} if a row of it is marked. */
  private static void footnote(StringBuilder md, boolean marked) {
    md.append("\n");
    if (marked) {
      md.append(NOISY_NOTE).append("\n\n");
    }
  }

  private void adapterFamily(StringBuilder md) {
    md.append("## 4. Adapter overhead\n\n");
    md.append(
        "The same operation on the raw `CompletableFuture` / `ListenableFuture` and through"
            + " `ExecutorFutures.from(…)` or an `as…` view. `fromCfListen`/`fromLfListen`: make"
            + " one, add a callback, complete it. `fromCfResult`/`fromLfResult`: make one,"
            + " complete it, read the result. `asCfThenApply`: run a task on a direct executor"
            + " and chain `thenApply` (`supplyAsync` versus `FutureExecutor.submit` +"
            + " `asCompletableFuture`). `asLfListen`: run a task on a direct executor and add a"
            + " listener (Guava's listening executor versus `FutureExecutor.submit` +"
            + " `asListenableFuture`). In both `as…` rows both sides run the task on the same"
            + " kind of executor, Guava's `newDirectExecutorService()` (the one Tandem's"
            + " `FutureExecutor` wraps). Target: Tandem ≤ 1.15 × raw.\n\n");
    List<Score> scores = results.family("AdapterBenchmark");
    if (scores.isEmpty()) {
      md.append("*Not measured in this run.*\n\n");
      return;
    }
    md.append(
        "| operation | raw | error | Tandem | error | unit | Tandem ÷ raw (± error) | raw B/op | Tandem B/op |\n"
            + "|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    boolean marked = false;
    for (String variant : variants(scores)) {
      Optional<Score> raw = find(scores, variant, "raw");
      Optional<Score> tandem = find(scores, variant, TANDEM);
      if (raw.isEmpty() || tandem.isEmpty()) {
        continue;
      }
      marked |= noisy(raw.get()) || noisy(tandem.get());
      Ratio overhead = Ratio.of(tandem.get(), raw.get());
      md.append("| ").append(variant).append(" | ").append(scoreCell(raw.get())).append(" | ± ")
          .append(num(raw.get().error())).append(" | ").append(scoreCell(tandem.get()))
          .append(" | ± ").append(num(tandem.get().error())).append(" | ")
          .append(tandem.get().unit()).append(" | ").append(overhead.text()).append(" | ")
          .append(bytes(raw.get().allocBytesPerOp())).append(" | ")
          .append(bytes(tandem.get().allocBytesPerOp())).append(" |\n");
      Ratio inverse = Ratio.of(raw.get(), tandem.get());
      chart.add("F4 " + variant, name("raw"), inverse.value(), inverse.error());
      allocChart.add("F4 " + variant, name(TANDEM), tandem.get().allocBytesPerOp(), tandem.get().allocError());
      allocChart.add("F4 " + variant, name("raw"), raw.get().allocBytesPerOp(), raw.get().allocError());
    }
    footnote(md, marked);
  }

  private void watchdogFamily(StringBuilder md) {
    md.append("## 9. What the watchdog costs\n\n");
    md.append(
        "The blocked-loop watchdog is on by default; the same loop type with it on and off, in"
            + " the same run. `callSoon` from the loop thread, and the loop-future lifecycle"
            + " (create + 1 callback + complete), in batches of 10,000. The loop makes its"
            + " per-callback stores for the watchdog (one opaque, one plain) with it on and off"
            + " alike; on adds only the checker thread, which reads them once per check interval."
            + " So the two columns should agree within their errors.\n\n");
    List<Score> scores = results.family("WatchdogCostBenchmark");
    if (scores.isEmpty()) {
      md.append("*Not measured in this run.*\n\n");
      return;
    }
    md.append("| operation | watchdog on | error | watchdog off | error | unit | on ÷ off | on B/op | off B/op |\n"
        + "|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    boolean marked = false;
    for (String variant : variants(scores)) {
      Optional<Score> on = results.find("WatchdogCostBenchmark", variant, "", "watchdog", "on");
      Optional<Score> off = results.find("WatchdogCostBenchmark", variant, "", "watchdog", "off");
      if (on.isEmpty() || off.isEmpty()) {
        continue;
      }
      marked |= noisy(on.get()) || noisy(off.get());
      md.append("| ").append(variant).append(" | ").append(scoreCell(on.get())).append(" | ± ")
          .append(num(on.get().error())).append(" | ").append(scoreCell(off.get()))
          .append(" | ± ").append(num(off.get().error())).append(" | ").append(on.get().unit())
          .append(" | ").append(Ratio.of(on.get(), off.get()).text()).append(" | ")
          .append(bytes(on.get().allocBytesPerOp())).append(" | ")
          .append(bytes(off.get().allocBytesPerOp())).append(" |\n");
    }
    footnote(md, marked);
  }

  private void allocationFamily(StringBuilder md) {
    md.append("## 6. Allocation and retained memory\n\n");
    md.append(
        "Bytes allocated per operation (`-prof gc`, `gc.alloc.rate.norm`) for families 1, 3 and"
            + " 4 are in the *alloc B/op* columns above. Below: bytes **retained** by one pending"
            + " future with one callback registered, measured with JOL over ");
    md.append(retainedCount == null ? "many" : retainedCount);
    md.append(
        " futures (the graph reachable from them, less the shared callback, executor or loop,"
            + " divided by the count; the per-registration node is counted, the callback object"
            + " is not).\n\n");
    if (retained.isEmpty()) {
      md.append("*Not measured in this run.*\n\n");
      return;
    }
    Optional<RetainedRow> tandem =
        retained.stream().filter(r -> r.competitor().equals(TANDEM)).findFirst();
    md.append("| competitor | what | bytes | ratio |\n|---|---|---:|---:|\n");
    for (RetainedRow r : retained) {
      md.append("| ").append(name(r.competitor())).append(" | ").append(r.what()).append(" | ")
          .append(num(r.bytes())).append(" | ");
      if (r.competitor().equals(TANDEM)) {
        md.append("1");
      } else if (tandem.isPresent()) {
        double ratio = r.bytes() / tandem.get().bytes();
        md.append(ratio(ratio));
        chart.add("F6 retained bytes", name(r.competitor()), ratio, 0);
      }
      md.append(" |\n");
    }
    md.append("\n");
  }

  private void scaleFamily(StringBuilder md) {
    md.append("## 7. Scale\n\n");
    md.append(
        "`hold`: one loop holds this many pending futures at once, each with one callback, then"
            + " completes them all (score: the whole batch). `gather` / `wait` (all completed) /"
            + " `asCompleted` over *n* pending futures: combine them, complete them all, see the"
            + " combined result (making the inputs is not measured). Linear cost means 100k ≈"
            + " 10 × 10k; the target for Tandem is ≤ 12 ×.\n\n");
    List<Score> hold = results.family("MillionPendingBenchmark");
    if (hold.isEmpty()) {
      md.append("*`hold` not measured in this run.*\n\n");
    } else {
      Optional<Score> tandem = find(hold, "hold", TANDEM);
      md.append("| futures held | competitor | score | error | unit | ns per future | ratio |\n"
          + "|---:|---|---:|---:|---|---:|---:|\n");
      boolean marked = false;
      for (Score s : sorted(hold, "hold")) {
        marked |= noisy(s);
        double count = Double.parseDouble(s.param("count"));
        md.append("| ").append(String.format(Locale.ROOT, "%,.0f", count)).append(" | ")
            .append(name(s.competitor())).append(" | ").append(scoreCell(s)).append(" | ± ")
            .append(num(s.error())).append(" | ").append(s.unit()).append(" | ")
            .append(num(toNanos(s.score(), s.unit()) / count)).append(" | ");
        if (s.competitor().equals(TANDEM)) {
          md.append("1");
        } else if (tandem.isPresent()) {
          Ratio ratio = Ratio.of(s, tandem.get());
          md.append(ratio(ratio.value()));
          chart.add("F7 hold " + s.param("count"), name(s.competitor()), ratio.value(), ratio.error());
        }
        md.append(" |\n");
      }
      footnote(md, marked);
    }
    List<Score> scale = results.family("ScaleBenchmark");
    if (scale.isEmpty()) {
      md.append("*Group operations not measured in this run.*\n\n");
      return;
    }
    md.append("| operation | competitor | n = 10k | error | n = 100k | error | unit | 100k ÷ 10k (± error) | ratio at 100k |\n"
        + "|---|---|---:|---:|---:|---:|---|---:|---:|\n");
    boolean marked = false;
    for (String variant : variants(scale)) {
      Optional<Score> tandemBig = results.find("ScaleBenchmark", variant, TANDEM, "n", "100000");
      for (String competitor : competitors(scale, variant)) {
        Optional<Score> small = results.find("ScaleBenchmark", variant, competitor, "n", "10000");
        Optional<Score> big = results.find("ScaleBenchmark", variant, competitor, "n", "100000");
        marked |= small.filter(Report::noisy).isPresent() || big.filter(Report::noisy).isPresent();
        md.append("| ").append(variant).append(" | ").append(name(competitor)).append(" | ")
            .append(small.map(Report::scoreCell).orElse("–")).append(" | ± ")
            .append(small.map(s -> num(s.error())).orElse("–")).append(" | ")
            .append(big.map(Report::scoreCell).orElse("–")).append(" | ± ")
            .append(big.map(s -> num(s.error())).orElse("–")).append(" | ")
            .append(big.or(() -> small).map(Score::unit).orElse("")).append(" | ");
        md.append(small.isPresent() && big.isPresent()
            ? Ratio.of(big.get(), small.get()).text() : "–");
        md.append(" | ");
        if (competitor.equals(TANDEM)) {
          md.append("1");
        } else if (tandemBig.isPresent() && big.isPresent()) {
          Ratio ratio = Ratio.of(big.get(), tandemBig.get());
          md.append(ratio(ratio.value()));
          chart.add("F7 " + variant + " n=100k", name(competitor), ratio.value(), ratio.error());
        } else {
          md.append("–");
        }
        md.append(" |\n");
      }
    }
    footnote(md, marked);
  }

  // ---------------------------------------------------------------- the targets

  private void evaluateTargets() {
    verdicts.clear();
    evaluateRound1Targets();
    evaluateRound2Targets();
    evaluateIssue18Targets();
  }

  /** The 0.1 targets (DESIGN.md, "Performance targets"). */
  private void evaluateRound1Targets() {
    fasterThanAll(
        Target.LIFECYCLE_FASTEST,
        "LifecycleBenchmark", "listen", TANDEM, competitorsOf("LifecycleBenchmark", "listen"));
    nettyRatio(
        Target.CALL_SOON_VS_NETTY,
        "LoopSubmissionBenchmark", "callSoon", 2.0);
    nettyRatio(
        Target.THREADSAFE_ONE,
        "LoopSubmissionBenchmark", "threadsafe1", 1.0);
    nettyRatio(
        Target.THREADSAFE_TWO,
        "LoopSubmissionBenchmark", "threadsafe2", 1.0);
    adapterTarget();
    {
      Target target = Target.RETAINED_VS_NETTY;
      Optional<RetainedRow> tandem = retained.stream().filter(r -> r.competitor().equals(TANDEM)).findFirst();
      Optional<RetainedRow> netty = retained.stream().filter(r -> r.competitor().equals("nettyImmediate")).findFirst();
      if (tandem.isEmpty() || netty.isEmpty()) {
        verdicts.add(new Verdict(target, Status.NOT_MEASURED, "RetainedSize did not run"));
      } else {
        boolean met = tandem.get().bytes() <= netty.get().bytes();
        verdicts.add(new Verdict(target, met ? Status.MET : Status.MISSED,
            "Tandem " + num(tandem.get().bytes()) + " B, Netty " + num(netty.get().bytes()) + " B"));
      }
    }
    {
      Target target = Target.HOLD_MILLION;
      Optional<Score> hold = results.find("MillionPendingBenchmark", "hold", TANDEM, "count", "1000000");
      if (hold.isEmpty()) {
        verdicts.add(new Verdict(target, Status.NOT_MEASURED, "MillionPendingBenchmark.hold_tandem with count=1000000 did not run"));
      } else {
        verdicts.add(new Verdict(target, Status.MET,
            "1,000,000 futures with a callback each held, completed and called back in "
                + withError(hold.get()) + " " + hold.get().unit()));
      }
    }
    for (String variant : List.of("gather", "wait", "asCompleted")) {
      scaleTarget(variant);
    }
  }

  /**
   * Adapters and views ≤ 1.15 × the raw type, for every row of family 4: each row's Tandem ÷ raw
   * ratio with its error; the verdict is the worst row's.
   */
  private void adapterTarget() {
    Target target = Target.ADAPTERS;
    List<Score> scores = results.family("AdapterBenchmark");
    List<String> parts = new ArrayList<>();
    List<String> notMet = new ArrayList<>();
    Status status = Status.MET;
    for (String variant : variants(scores)) {
      Optional<Score> raw = find(scores, variant, "raw");
      Optional<Score> tandem = find(scores, variant, TANDEM);
      if (raw.isPresent() && tandem.isPresent()) {
        Ratio overhead = Ratio.of(tandem.get(), raw.get());
        Status one = overhead.atMost(1.15);
        status = worst(status, one);
        String part = variant + " " + overhead.text() + noiseMark(tandem.get(), raw.get());
        parts.add(part);
        if (one != Status.MET) {
          notMet.add(part + " " + one.text);
        }
      }
    }
    if (parts.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED, "AdapterBenchmark did not run"));
    } else if (notMet.isEmpty()) {
      verdicts.add(new Verdict(target, Status.MET, "Tandem ÷ raw: " + String.join(", ", parts)));
    } else {
      verdicts.add(new Verdict(target, status,
          "not met: " + String.join(", ", notMet) + " (all, Tandem ÷ raw: " + String.join(", ", parts) + ")"));
    }
  }

  /**
   * Scale: Tandem's time at 100k ≤ 12 × its time at 10k, the ratio with its error propagated from
   * the two scores'; the competitor whose own ratio is lowest is printed beside it.
   */
  private void scaleTarget(String variant) {
    Target target = Target.scale(variant);
    Optional<Score> small = results.find("ScaleBenchmark", variant, TANDEM, "n", "10000");
    Optional<Score> big = results.find("ScaleBenchmark", variant, TANDEM, "n", "100000");
    if (small.isEmpty() || big.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED, "ScaleBenchmark." + variant + "_tandem did not run at both sizes"));
      return;
    }
    Ratio growth = Ratio.of(big.get(), small.get());
    String numbers = withError(small.get()) + " → " + withError(big.get()) + " " + big.get().unit()
        + " (" + growth.text() + ")";
    String best = null;
    Ratio bestGrowth = null;
    for (String competitor : competitorsOf("ScaleBenchmark", variant)) {
      Optional<Score> s = results.find("ScaleBenchmark", variant, competitor, "n", "10000");
      Optional<Score> b = results.find("ScaleBenchmark", variant, competitor, "n", "100000");
      if (s.isPresent() && b.isPresent()) {
        Ratio r = Ratio.of(b.get(), s.get());
        if (bestGrowth == null || r.value() < bestGrowth.value()) {
          best = competitor;
          bestGrowth = r;
        }
      }
    }
    numbers += bestGrowth == null
        ? "; no competitor measured at both sizes"
        : "; best competitor: " + name(best) + " " + bestGrowth.text();
    verdicts.add(new Verdict(target, growth.atMost(12), numbers));
  }

  /** The targets round 2 added (DESIGN.md), judged with the error bars. */
  private void evaluateRound2Targets() {
    fasterThanAll(
        Target.CHAIN3_LOOP,
        "CompositionBenchmark", "chain3", "tandemLoop",
        List.of("cf", "guava", "nettyByHand", "kotlinxByHand"));
    fasterThanAll(
        Target.CHAIN3_EXECUTOR,
        "CompositionBenchmark", "chain3", "tandemExecutor", List.of("cf"));
    fasterThanAll(
        Target.SETTABLE_VS_GUAVA,
        "CompositionBenchmark", "settable", TANDEM, List.of("guava"));
    {
      Target target = Target.SETTABLE_RETAINED;
      Optional<RetainedRow> tandem = retained.stream().filter(r -> r.competitor().equals("tandemSettable")).findFirst();
      Optional<RetainedRow> guava = retained.stream().filter(r -> r.competitor().equals("guava")).findFirst();
      if (tandem.isEmpty() || guava.isEmpty()) {
        verdicts.add(new Verdict(target, Status.NOT_MEASURED, "RetainedSize did not run for both"));
      } else {
        boolean met = tandem.get().bytes() <= guava.get().bytes();
        verdicts.add(new Verdict(target, met ? Status.MET : Status.MISSED,
            "Tandem " + num(tandem.get().bytes()) + " B, Guava " + num(guava.get().bytes()) + " B"));
      }
    }
    fasterThanAll(
        Target.SETTABLE_PING_PONG,
        "HandoffBenchmark", "pingPong", "tandemSettable", List.of("cf"));
    contextTarget();
    for (String variant : List.of("callSoon", "lifecycle")) {
      Target target = Target.watchdog(variant);
      Optional<Score> on = results.find("WatchdogCostBenchmark", variant, "", "watchdog", "on");
      Optional<Score> off = results.find("WatchdogCostBenchmark", variant, "", "watchdog", "off");
      if (on.isEmpty() || off.isEmpty()) {
        verdicts.add(new Verdict(target, Status.NOT_MEASURED, "WatchdogCostBenchmark." + variant + " did not run on and off"));
        continue;
      }
      Status status;
      if (low(on.get()) > high(off.get())) {
        status = Status.MISSED;
      } else if (noisy(on.get()) || noisy(off.get())) {
        status = Status.INCONCLUSIVE;
      } else {
        status = Status.MET;
      }
      verdicts.add(new Verdict(target, status,
          "on " + withError(on.get()) + ", off " + withError(off.get()) + " " + on.get().unit()
              + " (on ÷ off " + Ratio.of(on.get(), off.get()).text() + ")"));
    }
    fasterThanAll(
        Target.HOSTED_LIFECYCLE,
        "HostedLoopBenchmark", "lifecycle", "tandemOnNetty", List.of("nettyPromise"));
    fasterThanAll(
        Target.HOSTED_CALL_SOON,
        "HostedLoopBenchmark", "callSoon", "tandemOnNetty", List.of("nettyExecute"));
  }

  /**
   * Context propagation on (one {@code ThreadLocal}) ≤ 2 × off per callback, for every pair of
   * rows that has both; the verdict is the worst pair's.
   */
  private void contextTarget() {
    Target target = Target.CONTEXT;
    record Pair(String family, String variant, String on, String off) {}
    List<Pair> pairs = List.of(
        new Pair("LoopSubmissionBenchmark", "callSoon", "tandemContext", TANDEM),
        new Pair("LoopSubmissionBenchmark", "threadsafe1", "tandemContext", TANDEM),
        new Pair("LoopSubmissionBenchmark", "callLater", "tandemContext", TANDEM),
        new Pair("LifecycleBenchmark", "listen", "tandemContext", TANDEM),
        new Pair("LifecycleBenchmark", "completeThenListen", "tandemContext", TANDEM),
        new Pair("LifecycleBenchmark", "eightCallbacks", "tandemContext", TANDEM),
        new Pair("LifecycleBenchmark", "listen", "tandemSettableContext", "tandemSettable"));
    Status status = Status.MET;
    List<String> parts = new ArrayList<>();
    for (Pair p : pairs) {
      Optional<Score> on = results.find(p.family(), p.variant(), p.on());
      Optional<Score> off = results.find(p.family(), p.variant(), p.off());
      if (on.isPresent() && off.isPresent()) {
        Ratio r = Ratio.of(on.get(), off.get());
        Status one = r.atMost(2.0);
        status = worst(status, one);
        parts.add("`" + p.variant() + "_" + p.on() + "` " + r.text() + noiseMark(on.get(), off.get())
            + (one == Status.MET ? "" : " " + one.text));
      }
    }
    verdicts.add(parts.isEmpty()
        ? new Verdict(target, Status.NOT_MEASURED, "no context row ran beside its off row")
        : new Verdict(target, status, "on ÷ off: " + String.join(", ", parts)));
  }

  /** The targets of issue 18 (performance, second round). */
  private void evaluateIssue18Targets() {
    fasterThanAll(
        Target.EIGHT_CALLBACKS,
        "LifecycleBenchmark", "eightCallbacks", TANDEM, competitorsOf("LifecycleBenchmark", "eightCallbacks"));
    allocationAtMost(
        Target.EIGHT_CALLBACKS_ALLOCATION,
        "LifecycleBenchmark", "eightCallbacks", TANDEM, List.of("nettyLoop", "nettyImmediate"));
    absoluteAtMost(
        Target.CALL_SOON_20NS,
        "LoopSubmissionBenchmark", "callSoon", TANDEM, 20);
    absoluteAtMost(
        Target.CALL_SOON_20NS_HARNESS,
        "HarnessCallSoonBenchmark", "callSoon", TANDEM, 20);
    {
      Target target = Target.LIFECYCLE_HALF;
      Optional<Score> tandem = results.find("LifecycleBenchmark", "listen", TANDEM);
      Optional<Score> fastest = competitorsOf("LifecycleBenchmark", "listen").stream()
          .map(c -> results.find("LifecycleBenchmark", "listen", c))
          .flatMap(Optional::stream)
          .min(Comparator.comparingDouble(Score::score));
      if (tandem.isEmpty() || fastest.isEmpty()) {
        verdicts.add(new Verdict(target, Status.NOT_MEASURED, "LifecycleBenchmark.listen did not run with a competitor"));
      } else {
        Ratio r = Ratio.of(tandem.get(), fastest.get());
        verdicts.add(new Verdict(target, r.atMost(0.5),
            "Tandem " + withError(tandem.get()) + " " + tandem.get().unit() + ", fastest competitor "
                + name(fastest.get().competitor()) + " " + withError(fastest.get())
                + ": Tandem ÷ it " + r.text() + " (needs ≤ 0.50×)"));
      }
    }
    fasterThanAll(
        Target.WAIT_PARITY,
        "ScaleBenchmark", "wait", TANDEM, List.of("guava"), "n", "100000");
    fasterThanAll(
        Target.AS_COMPLETED_PARITY,
        "ScaleBenchmark", "asCompleted", TANDEM, List.of("guava"), "n", "100000");
    fasterThanAll(
        Target.AWAIT_DONE,
        "AwaitBenchmark", "awaitDone", TANDEM, List.of("kotlinxCf"));
    fasterThanAll(
        Target.PING_PONG,
        "HandoffBenchmark", "pingPong", TANDEM, List.of("cf"));
  }

  /**
   * Target: Tandem's {@code own} row of {@code variant} scores at most each competitor's (with
   * the params given as name, value pairs): per competitor, the ratio Tandem ÷ it with its error
   * at most 1. The verdict is the worst competitor's: missed if one is clearly faster,
   * inconclusive if none is but some ratio's error bar crosses 1, met otherwise.
   */
  private void fasterThanAll(
      Target target, String family, String variant, String own, List<String> competitors,
      String... params) {
    Optional<Score> tandem = results.find(family, variant, own, params);
    List<Score> others = new ArrayList<>();
    for (String c : competitors) {
      results.find(family, variant, c, params).ifPresent(others::add);
    }
    if (tandem.isEmpty() || others.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED,
          family + "." + variant + "_" + own + " or its competitors did not run"));
      return;
    }
    Status status = Status.MET;
    List<String> parts = new ArrayList<>();
    for (Score s : others) {
      Ratio r = Ratio.of(tandem.get(), s);
      status = worst(status, r.atMost(1.0));
      parts.add(name(s.competitor()) + " " + withError(s) + " (" + ratio(s.score() / tandem.get().score())
          + "; Tandem ÷ it " + r.text() + ")");
    }
    verdicts.add(new Verdict(target, status,
        "Tandem " + withError(tandem.get()) + " " + tandem.get().unit() + "; " + String.join(", ", parts)));
  }

  /** Target: {@code own}'s score with its error at most {@code limit} in the score's unit. */
  private void absoluteAtMost(Target target, String family, String variant, String own, double limit) {
    Optional<Score> s = results.find(family, variant, own);
    if (s.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED, family + "." + variant + "_" + own + " did not run"));
      return;
    }
    Status status = high(s.get()) <= limit ? Status.MET
        : low(s.get()) > limit ? Status.MISSED : Status.INCONCLUSIVE;
    verdicts.add(new Verdict(target, status,
        "Tandem " + withError(s.get()) + " " + s.get().unit() + " (needs ≤ " + num(limit) + ")"));
  }

  /**
   * Target: {@code own}'s bytes allocated per operation at most each competitor's. Allocation is
   * counted in whole bytes, so the values are compared rounded; an allocation error over 10% of
   * its value makes the row inconclusive.
   */
  private void allocationAtMost(
      Target target, String family, String variant, String own, List<String> competitors) {
    Optional<Score> tandem = results.find(family, variant, own).filter(s -> !Double.isNaN(s.allocBytesPerOp()));
    List<Score> others = new ArrayList<>();
    for (String c : competitors) {
      results.find(family, variant, c).filter(s -> !Double.isNaN(s.allocBytesPerOp())).ifPresent(others::add);
    }
    if (tandem.isEmpty() || others.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED,
          family + "." + variant + " did not run with `-prof gc` for Tandem and a competitor"));
      return;
    }
    Status status = Status.MET;
    List<String> parts = new ArrayList<>();
    for (Score s : others) {
      Status one;
      if (allocNoisy(tandem.get()) || allocNoisy(s)) {
        one = Status.INCONCLUSIVE;
      } else {
        one = Math.round(tandem.get().allocBytesPerOp()) <= Math.round(s.allocBytesPerOp())
            ? Status.MET : Status.MISSED;
      }
      status = worst(status, one);
      parts.add(name(s.competitor()) + " " + bytes(s.allocBytesPerOp()) + " B");
    }
    verdicts.add(new Verdict(target, status,
        "Tandem " + bytes(tandem.get().allocBytesPerOp()) + " B/op; " + String.join(", ", parts)));
  }

  /** Target: Netty's score ÷ Tandem's score ≥ {@code atLeast} in one variant, with its error. */
  private void nettyRatio(Target target, String family, String variant, double atLeast) {
    Optional<Score> tandem = results.find(family, variant, TANDEM);
    Optional<Score> netty = results.find(family, variant, "nettyLoop");
    if (tandem.isEmpty() || netty.isEmpty()) {
      verdicts.add(new Verdict(target, Status.NOT_MEASURED, family + "." + variant + " did not run for both"));
      return;
    }
    Ratio r = Ratio.of(netty.get(), tandem.get());
    verdicts.add(new Verdict(target, r.atLeast(atLeast),
        "Tandem " + withError(tandem.get()) + ", Netty " + withError(netty.get()) + " "
            + tandem.get().unit() + ": Tandem is " + r.text() + " as fast (needs ≥ "
            + ratio(atLeast) + ")"));
  }

  /**
   * A ratio of two scores with its error: the two scores' relative errors (JMH's 99.9%
   * half-widths; none counts as 0) added in quadrature, times the ratio. A ratio target is
   * <b>met</b> when the whole error bar is on the good side of it, <b>missed</b> when the whole
   * bar is on the bad side, and <b>inconclusive</b> when the bar crosses it.
   */
  record Ratio(double value, double error) {
    static Ratio of(Score numerator, Score denominator) {
      double v = numerator.score() / denominator.score();
      return new Ratio(v, Math.abs(v) * Math.hypot(relativeError(numerator), relativeError(denominator)));
    }

    Status atMost(double limit) {
      if (value + error <= limit) {
        return Status.MET;
      }
      return value - error > limit ? Status.MISSED : Status.INCONCLUSIVE;
    }

    Status atLeast(double limit) {
      if (value - error >= limit) {
        return Status.MET;
      }
      return value + error < limit ? Status.MISSED : Status.INCONCLUSIVE;
    }

    String text() {
      return error > 0
          ? ratio(value) + " ± " + String.format(Locale.ROOT, "%.2f", error)
          : ratio(value);
    }
  }

  /** The worse of two verdicts: missed, then inconclusive, then met. */
  static Status worst(Status a, Status b) {
    if (a == Status.MISSED || b == Status.MISSED) {
      return Status.MISSED;
    }
    if (a == Status.INCONCLUSIVE || b == Status.INCONCLUSIVE) {
      return Status.INCONCLUSIVE;
    }
    return a;
  }

  /**
   * Whether a row's error is over 10% of its score: it is marked {@value #NOISY} wherever it is
   * shown. A row without an error (one iteration) is not marked; its error shows as "–".
   */
  static boolean noisy(Score s) {
    return !Double.isNaN(s.error()) && s.error() > 0.10 * Math.abs(s.score());
  }

  private static boolean allocNoisy(Score s) {
    return !Double.isNaN(s.allocError()) && s.allocError() > 0.10 * Math.abs(s.allocBytesPerOp());
  }

  /** The mark of a row whose error is over 10% of its score. */
  static final String NOISY = "†";

  static final String NOISY_NOTE =
      NOISY + " JMH's 99.9% error is over 10% of the score: this run cannot tell differences of"
          + " that size for the row.";

  /** {@link #NOISY} after a part of a verdict when either score is noisy. */
  private static String noiseMark(Score a, Score b) {
    return noisy(a) || noisy(b) ? " " + NOISY : "";
  }

  private static double errorOf(Score s) {
    return Double.isNaN(s.error()) ? 0 : s.error();
  }

  private static double low(Score s) {
    return s.score() - errorOf(s);
  }

  private static double high(Score s) {
    return s.score() + errorOf(s);
  }

  private static double relativeError(Score s) {
    return errorOf(s) / Math.abs(s.score());
  }

  /** A score with its error, and {@link #NOISY} if the error is over 10% of it. */
  private static String withError(Score s) {
    String text = Double.isNaN(s.error()) ? num(s.score()) : num(s.score()) + " ± " + num(s.error());
    return noisy(s) ? text + " " + NOISY : text;
  }

  /** The competitors of a variant that are not Tandem's own rows, in table order. */
  private List<String> competitorsOf(String family, String variant) {
    return competitors(results.family(family), variant).stream()
        .filter(c -> !c.startsWith(TANDEM))
        .toList();
  }

  List<Verdict> verdicts() {
    return verdicts;
  }

  Chart chart() {
    return chart;
  }

  Chart allocChart() {
    return allocChart;
  }

  // ---------------------------------------------------------------- helpers

  private static String shortTitle(Family f) {
    return "F" + f.title().substring(0, f.title().indexOf('.'));
  }

  /** The row of {@code variant} that the ratios are taken against: its first {@link #REFERENCES}. */
  private static String reference(List<Score> scores, String variant) {
    for (String r : REFERENCES) {
      if (find(scores, variant, r).isPresent()) {
        return r;
      }
    }
    return TANDEM;
  }

  private static List<String> variants(List<Score> scores) {
    Set<String> variants = new LinkedHashSet<>();
    scores.forEach(s -> variants.add(s.variant()));
    return new ArrayList<>(variants);
  }

  private static List<String> competitors(List<Score> scores, String variant) {
    return sortedCompetitors(scores.stream().filter(s -> s.variant().equals(variant)).toList())
        .stream().map(Score::competitor).distinct().toList();
  }

  private static Optional<Score> find(List<Score> scores, String variant, String competitor) {
    return scores.stream()
        .filter(s -> s.variant().equals(variant) && s.competitor().equals(competitor))
        .findFirst();
  }

  private static List<Score> sorted(List<Score> scores, String variant) {
    return sortedCompetitors(scores.stream().filter(s -> s.variant().equals(variant)).toList());
  }

  private static List<Score> sortedCompetitors(List<Score> scores) {
    List<String> order = new ArrayList<>(COMPETITORS.keySet());
    return scores.stream()
        .sorted(Comparator.comparingInt((Score s) -> {
          int i = order.indexOf(s.competitor());
          return i < 0 ? order.size() : i;
        }))
        .toList();
  }

  static String name(String competitor) {
    return COMPETITORS.getOrDefault(competitor, competitor);
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f×", r);
  }

  private static String bytes(double b) {
    return Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.0f", b);
  }

  private static double toNanos(double score, String unit) {
    return switch (unit) {
      case "s/op" -> score * 1e9;
      case "ms/op" -> score * 1e6;
      case "us/op" -> score * 1e3;
      default -> score;
    };
  }

  /** The machine the report is generated on (the same one the script ran JMH on). */
  record Machine(String cpu, int cores, String memory, String os, String jvm) {
    static Machine describe() {
      String cpu = "unknown";
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.isReadable(cpuinfo)) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
          cpu = lines.filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
          cpu = "unknown (" + e.getMessage() + ")";
        }
      }
      String memory = "unknown";
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        memory = String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
      }
      return new Machine(
          cpu,
          Runtime.getRuntime().availableProcessors(),
          memory,
          System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
              + System.getProperty("os.arch") + ")",
          System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    }
  }
}
