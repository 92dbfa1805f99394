package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class SamplesTest {

  @Test
  @Timeout(60)
  void run_all_runsEverySampleInOrderAndLeavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Output out = new Output();

    int status = Samples.run("all", out.stream);

    assertThat(status).isZero();
    String text = out.text();
    List<String> headers =
        List.of(
            "== http-fanout:", "== loop-and-pool:", "== coroutines:", "== guava-migration:",
            "== grpc-fanout:", "== netty-server:", "== request-ids:", "== structured-request:");
    int previous = -1;
    for (String header : headers) {
      int at = text.indexOf(header);
      assertThat(at).as(header).isGreaterThan(previous);
      previous = at;
    }
    assertThat(text)
        .contains("-- http-fanout finished in")
        .contains("-- guava-migration finished in")
        .contains("-- grpc-fanout finished in")
        .contains("-- netty-server finished in")
        .contains("-- structured-request finished in");
    assertThat(nonDaemonThreadsLeft(before, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  @Timeout(30)
  void run_oneName_runsOnlyThatSample() throws Exception {
    Output out = new Output();

    int status = Samples.run("coroutines", out.stream);

    assertThat(status).isZero();
    assertThat(out.text()).contains("== coroutines:").doesNotContain("== http-fanout:");
  }

  @Test
  void run_unknownName_listsTheSamplesAndFails() throws Exception {
    Output out = new Output();

    int status = Samples.run("nope", out.stream);

    assertThat(status).isNotZero();
    assertThat(out.text())
        .contains("unknown sample 'nope'")
        .contains("http-fanout", "loop-and-pool", "coroutines", "guava-migration", "grpc-fanout", "request-ids",
            "structured-request")
        .doesNotContain("==");
  }

  /** Non-daemon threads started since {@code before} that are still alive after joining them. */
  private static List<Thread> nonDaemonThreadsLeft(Set<Thread> before, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && !t.isDaemon())
            .toList();
    for (Thread thread : started) {
      // Executors end their threads just after they report termination; give them a moment.
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    return started.stream().filter(Thread::isAlive).toList();
  }
}
