package dev.tandem.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Smoke mode: every benchmark runs once, for one short iteration, in this JVM, so none of them rots
 * between full runs. It checks that each produced a result (a benchmark that throws, or whose
 * callbacks did not run, fails its trial) and never looks at the numbers.
 */
final class BenchmarksSmokeTest {

  @Test
  @Timeout(150)
  void everyBenchmark_runsOneShortIteration_andProducesAResult()
      throws RunnerException, IOException, URISyntaxException {
    Options options =
        new OptionsBuilder()
            .include("^dev\\.tandem\\.benchmarks\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .timeout(TimeValue.seconds(30))
            .param("count", "20000") // MillionPendingBenchmark: a million is for real runs
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran =
        results.stream()
            .map(r -> r.getParams().getBenchmark())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declaredBenchmarks(), ran);
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + ": " + score);
    }
  }

  @Test
  void retainedSize_measuresEveryCompetitor() {
    List<RetainedSize.Result> results = RetainedSize.measure(2_000);

    assertEquals(
        Set.of("tandem", "tandemSettable", "nettyImmediate", "nettyLoop", "cf", "guava", "kotlinx"),
        results.stream().map(RetainedSize.Result::competitor).collect(Collectors.toSet()));
    for (RetainedSize.Result r : results) {
      // A pending future is at least an object header, and its callback node is counted too.
      assertTrue(r.bytesPerFuture() >= 12, r.toString());
    }
  }

  /** Every {@code @Benchmark} in the compiled benchmark package, by JMH's name for it. */
  static Set<String> declaredBenchmarks() throws IOException, URISyntaxException {
    Path classes =
        Path.of(LifecycleBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = classes.resolve("dev/tandem/benchmarks");
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String simple = file.getFileName().toString();
        if (!simple.endsWith(".class") || simple.contains("$")) {
          continue;
        }
        String className = "dev.tandem.benchmarks." + simple.substring(0, simple.length() - 6);
        Class<?> type;
        try {
          type = Class.forName(className);
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        for (Method m : type.getMethods()) {
          if (m.isAnnotationPresent(Benchmark.class)) {
            Group group = m.getAnnotation(Group.class);
            names.add(className + "." + (group != null ? group.value() : m.getName()));
          }
        }
      }
    }
    return names;
  }
}
