package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unretrieved-failure reports and debug mode. */
@Timeout(30)
final class DiagnosticsTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final ManualClock clock = ManualClock.create();
  private EventLoop loop = EventLoops.builder().clock(clock).exceptionHandler(handler).build();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private static final String NEVER_RETRIEVED = "Future exception was never retrieved";

  /** Fails a future and lets go of it; returns the failure. */
  private static Throwable failAndForget(EventLoop loop, String message) {
    LoopFuture<String> f = loop.createFuture();
    IOException failure = new IOException(message);
    f.setException(failure);
    return failure;
  }

  private static void failRetrieveAndForget(EventLoop loop, int how) {
    LoopFuture<String> f = loop.createFuture();
    f.setException(new IOException("retrieved-" + how));
    switch (how) {
      case 0:
        f.exception();
        break;
      case 1:
        try {
          f.result();
        } catch (RuntimeException expected) {
          // read
        }
        break;
      default:
        f.cancel();
    }
  }

  private List<LoopErrorContext> unretrievedReports() {
    return handler.reports().stream()
        .filter(r -> r.message().equals(NEVER_RETRIEVED))
        .collect(Collectors.toList());
  }

  private void collectUntil(int reports) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              TestLoops.runUntilIdle(loop);
              return unretrievedReports().size() >= reports;
            });
  }

  @Test
  void unretrievedFailure_isReportedOnTheLoopThread_whenTheFutureIsCollected() {
    Throwable failure = failAndForget(loop, "nobody looked");
    collectUntil(1);
    LoopErrorContext report = unretrievedReports().get(0);
    assertThat(report.exception()).isSameAs(failure);
    assertThat(report.future()).isNull();
    assertThat(report.futureDescription())
        .matches("LoopFuture@[0-9a-f]+\\[status=FAILURE, cause=\\[java.io.IOException: nobody looked\\]\\]");
    assertThat(report.creationSite()).as("debug mode is off").isNull();
    assertThat(handler.onLoopThread()).containsOnly(true);
  }

  @Test
  void retrievedOrCancelledFailures_areNotReported() {
    for (int how = 0; how < 3; how++) {
      failRetrieveAndForget(loop, how);
    }
    failAndForget(loop, "the only one");
    collectUntil(1);
    for (int i = 0; i < 5; i++) { // more collections give the others every chance to show up
      System.gc();
      TestLoops.runUntilIdle(loop);
    }
    assertThat(unretrievedReports())
        .singleElement()
        .satisfies(r -> assertThat(r.exception()).hasMessage("the only one"));
  }

  @Test
  void aForeignFailureSeenThroughACombinator_isNotReportedForTheInternalView() {
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<DoneAndNotDone<SourceFuture<String>>> w =
        LoopFutures.wait(loop, java.util.List.of(source), dev.tandem.api.ReturnWhen.ALL_COMPLETED, null);
    source.fail(new IOException("the caller holds the source"));
    loop.runUntilComplete(w);
    w = null;
    failAndForget(loop, "control");
    collectUntil(1);
    for (int i = 0; i < 5; i++) {
      System.gc();
      TestLoops.runUntilIdle(loop);
    }
    assertThat(unretrievedReports())
        .singleElement()
        .satisfies(r -> assertThat(r.exception()).hasMessage("control"));
  }

  @Test
  void unretrievedFailure_ofAClosedLoop_isReportedOnTheCleanerThread() {
    failAndForget(loop, "after close");
    loop.close();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return !unretrievedReports().isEmpty();
            });
    assertThat(handler.onLoopThread()).containsOnly(false);
    assertThat(handler.threads()).noneMatch(t -> t.getName().startsWith("awaitility"));
  }

  @Test
  void debugMode_recordsTheCreationSite_inUnretrievedReports() {
    loop.close();
    loop = EventLoops.builder().clock(clock).exceptionHandler(handler).debug(true).build();
    failAndForget(loop, "with site");
    collectUntil(1);
    Throwable site = unretrievedReports().get(0).creationSite();
    assertThat(site).isNotNull();
    assertThat(site.getStackTrace())
        .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("failAndForget"));
    assertThat(unretrievedReports().get(0).toString()).contains("failAndForget");
  }

  @Test
  void debugMode_reportsACallbackSlowerThanTheThreshold_measuredOnTheLoopClock() {
    loop.close();
    loop =
        EventLoops.builder()
            .clock(clock)
            .exceptionHandler(handler)
            .debug(true)
            .slowCallbackThreshold(Duration.ofMillis(100))
            .build();
    Runnable slow = () -> clock.advance(Duration.ofMillis(250));
    loop.callSoon(slow);
    loop.callSoon(() -> clock.advance(Duration.ofMillis(99)));
    TestLoops.runUntilIdle(loop);
    assertThat(handler.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.message()).contains("took 250 ms").contains(slow.toString());
              assertThat(r.callbackDescription()).isEqualTo(slow.toString());
              assertThat(r.exception()).isNull();
            });
  }

  @Test
  void debugModeOff_reportsNoSlowCallback() {
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(10)));
    TestLoops.runUntilIdle(loop);
    assertThat(handler.reports()).isEmpty();
  }

  @Test
  void debugMode_isSwitchedOnBySystemProperty() {
    String old = System.getProperty("tandem.loop.debug");
    System.setProperty("tandem.loop.debug", "true");
    try {
      EventLoop debugLoop = EventLoops.builder().build();
      try {
        assertThat(((DefaultEventLoop) debugLoop).debug).isTrue();
      } finally {
        debugLoop.close();
      }
    } finally {
      if (old == null) {
        System.clearProperty("tandem.loop.debug");
      } else {
        System.setProperty("tandem.loop.debug", old);
      }
    }
    EventLoop plain = EventLoops.builder().build();
    assertThat(((DefaultEventLoop) plain).debug).isFalse();
    plain.close();
  }
}
