package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exception handler of a live loop: get, set, and reports from any thread. */
@Timeout(60)
final class ExceptionHandlerTest {

  @Test
  void exceptionHandler_isTheBuildersUntilReplaced() {
    RecordingHandler first = new RecordingHandler();
    EventLoop loop = EventLoops.builder().exceptionHandler(first).build();
    try {
      assertThat(LoopOperations.exceptionHandler(loop)).isSameAs(first);
      RecordingHandler second = new RecordingHandler();
      LoopOperations.setExceptionHandler(loop, second);
      assertThat(LoopOperations.exceptionHandler(loop)).isSameAs(second);
      assertThat(LoopOperations.exceptionHandler(EventLoops.newEventLoop()))
          .isSameAs(LoopExceptionHandler.logging());
    } finally {
      loop.close();
    }
  }

  @Test
  void aHandlerSetFromAnotherThread_whileTheLoopRuns_getsTheNextCallbackFailure() throws Exception {
    RecordingHandler first = new RecordingHandler();
    RecordingHandler second = new RecordingHandler();
    try (BackgroundLoop background =
        EventLoops.builder().exceptionHandler(first).startBackgroundLoop("handler-swap")) {
      background.loop().execute(() -> { throw new IllegalStateException("one (expected)"); });
      Awaitility.await().until(() -> first.reports().size() == 1);
      LoopOperations.setExceptionHandler(background.loop(), second);
      background.loop().execute(() -> { throw new IllegalStateException("two (expected)"); });
      Awaitility.await().until(() -> second.reports().size() == 1);
      assertThat(first.reports()).hasSize(1);
      assertThat(second.reports().get(0).kind()).isEqualTo(LoopErrorContext.Kind.CALLBACK_FAILED);
      assertThat(second.onLoopThread()).containsExactly(true);
    }
  }

  @Test
  void callExceptionHandler_reportsOnTheCallersThread_fromAnyThread() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    EventLoop loop = EventLoops.builder().exceptionHandler(handler).build();
    IOException failure = new IOException("library failure");
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              LoopOperations.callExceptionHandler(
                  loop, LoopErrorContext.of("the library lost a connection", failure, null));
              caller.complete(Thread.currentThread());
            },
            "library-thread");
    t.start();
    Thread reporter = caller.get(10, TimeUnit.SECONDS);
    assertThat(handler.threads()).containsExactly(reporter);
    LoopErrorContext report = handler.reports().get(0);
    assertThat(report.kind()).isEqualTo(LoopErrorContext.Kind.REPORTED);
    assertThat(report.exception()).isSameAs(failure);
    assertThat(report.message()).isEqualTo("the library lost a connection");
    loop.close();
    LoopOperations.callExceptionHandler(loop, LoopErrorContext.of("after close", null, null));
    assertThat(handler.reports()).hasSize(2);
  }

  @Test
  void aThrowingHandler_doesNotThrowIntoTheReporter() {
    EventLoop loop =
        EventLoops.builder()
            .exceptionHandler((l, c) -> { throw new IllegalStateException("handler broke (expected)"); })
            .build();
    try {
      LoopOperations.callExceptionHandler(loop, LoopErrorContext.of("x", null, null));
    } finally {
      loop.close();
    }
  }

  @Test
  void aHandlerSwappedUnderConcurrentReports_losesNone_andGetsEveryLaterReport() throws Exception {
    EventLoop loop = EventLoops.builder().exceptionHandler(new Counting()).build();
    Counting old = (Counting) LoopOperations.exceptionHandler(loop);
    Counting replacement = new Counting();
    int reporters = 4;
    int lateEach = 2_000;
    CyclicBarrier start = new CyclicBarrier(reporters + 1);
    AtomicBoolean swapped = new AtomicBoolean();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger afterSwap = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(reporters);
    for (int r = 0; r < reporters; r++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int late = 0; late < lateEach; ) {
                    boolean isLate = swapped.get(); // read before reporting
                    LoopOperations.callExceptionHandler(
                        loop, LoopErrorContext.of(isLate ? "late" : "any", null, null));
                    made.incrementAndGet();
                    if (isLate) {
                      afterSwap.incrementAndGet();
                      late++;
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  finished.countDown();
                }
              });
      t.start();
    }
    start.await();
    Awaitility.await().until(() -> old.total.get() > 10_000);
    LoopOperations.setExceptionHandler(loop, replacement);
    swapped.set(true);
    assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(old.total.get() + replacement.total.get()).isEqualTo(made.get());
    assertThat(old.late.get()).as("reports begun after the swap reach the new handler").isZero();
    assertThat(replacement.late.get()).isEqualTo(afterSwap.get()).isEqualTo(reporters * lateEach);
    loop.close();
  }

  /** A thread-safe counting handler. */
  private static final class Counting implements LoopExceptionHandler {
    final AtomicInteger total = new AtomicInteger();
    final AtomicInteger late = new AtomicInteger();

    @Override
    public void handle(EventLoop loop, LoopErrorContext context) {
      total.incrementAndGet();
      if (context.message().equals("late")) {
        late.incrementAndGet();
      }
    }
  }

  @Test
  void setExceptionHandler_rejectsNull() {
    EventLoop loop = EventLoops.newEventLoop();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> LoopOperations.setExceptionHandler(loop, null))
          .isInstanceOf(NullPointerException.class);
    } finally {
      loop.close();
    }
  }
}
