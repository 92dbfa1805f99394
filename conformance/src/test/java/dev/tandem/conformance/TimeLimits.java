package dev.tandem.conformance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time limit of a JUnit 3 test: the kits here are JUnit 3 {@code TestCase}s, which the vintage
 * engine runs without Jupiter's timeouts, so each one overrides {@code runBare} to run its test
 * through {@link #runWithin}.
 */
final class TimeLimits {

  /** The longest one test method of a kit may take before it is failed (and threads dumped). */
  static final long TEST_TIME_LIMIT_MS = 120_000;

  /** What a kit's {@code runBare} does: set up, run the test, tear down. */
  interface Body {
    void run() throws Throwable;
  }

  private TimeLimits() {}

  /**
   * Runs {@code body} on a thread of its own named {@code name} and waits at most {@code millis}
   * for it; past that it prints every thread's stack, interrupts the test thread and fails.
   */
  static void runWithin(String name, long millis, Body body) throws Throwable {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            name);
    runner.setDaemon(true);
    runner.start();
    runner.join(millis);
    if (runner.isAlive()) {
      dumpThreads();
      runner.interrupt();
      throw new AssertionError(name + " did not finish within " + millis + " ms");
    }
    Throwable t = failure.get();
    if (t != null) {
      throw t;
    }
  }

  static void dumpThreads() {
    System.err.println("------ stacktrace dump start ------");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      System.err.print(info);
    }
    System.err.println("------ stacktrace dump end ------");
  }
}
