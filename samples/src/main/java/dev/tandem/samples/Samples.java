package dev.tandem.samples;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs the samples: {@code all} (the default) runs every one in order, a name runs only that
 * one. From the repository root:
 *
 * <pre>
 * mvn -B -q package -DskipTests -Prun-samples -pl samples -am
 * mvn -B -q package -DskipTests -Prun-samples -pl samples -am -Dsample=http-fanout
 * mvn -B -q package -DskipTests -Prun-samples -pl samples -am -Dsample=grpc-fanout
 * mvn -B -q package -DskipTests -Prun-samples -pl samples -am -Dsample=request-ids
 * mvn -B -q package -DskipTests -Prun-samples -pl samples -am -Dsample=structured-request
 * </pre>
 */
public final class Samples {

  /** One runnable sample. */
  record Sample(String name, String title, Body body) {}

  /** A sample's main logic, printing to the stream it is given. */
  @FunctionalInterface
  interface Body {
    void run(PrintStream out) throws Exception;
  }

  static final List<Sample> ALL =
      List.of(
          new Sample("http-fanout", "HTTP fan-out: executor futures as they complete", HttpFanout::run),
          new Sample("loop-and-pool", "Loop plus pool: timers, CPU work, the deadlock guard", LoopAndPool::run),
          new Sample("coroutines", "Coroutines on the loop: both kinds of future, cancel messages", CoroutinesOnTheLoop::coroutinesOnTheLoop),
          new Sample("guava-migration", "Migrating a Guava service: suspend functions and loop futures", GuavaMigration::guavaMigration),
          new Sample("grpc-fanout", "gRPC fan-out: future stubs on a loop, stragglers cancelled, the server sees it", GrpcFanout::run),
          new Sample("netty-server", "A Netty HTTP server: loop futures on the channel's event loop", NettyServer::run),
          new Sample("request-ids", "Request ids in the MDC: the right id on every log line, pool, loop and coroutines", RequestIds::requestIds),
          new Sample("structured-request", "Structured concurrency: a request fans out to a pool and a loop, within a deadline", StructuredRequest::run));

  private Samples() {}

  public static void main(String[] args) throws Exception {
    int status = run(args.length == 0 ? "all" : args[0], System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the sample called {@code name}, or all of them for {@code "all"}.
   *
   * @return 0, or 2 for an unknown name (after printing the list)
   */
  static int run(String name, PrintStream out) throws Exception {
    List<Sample> chosen =
        name.equals("all") ? ALL : ALL.stream().filter(s -> s.name().equals(name)).toList();
    if (chosen.isEmpty()) {
      out.println("unknown sample '" + name + "'; choose one of:");
      out.println("  all");
      ALL.forEach(s -> out.printf("  %-16s %s%n", s.name(), s.title()));
      return 2;
    }
    for (Sample sample : chosen) {
      String header = "== " + sample.name() + ": " + sample.title() + " ";
      out.println();
      out.println(header + "=".repeat(Math.max(3, 78 - header.length())));
      long start = System.nanoTime();
      sample.body().run(out);
      out.printf("-- %s finished in %d ms%n", sample.name(), (System.nanoTime() - start) / 1_000_000);
    }
    return 0;
  }
}
