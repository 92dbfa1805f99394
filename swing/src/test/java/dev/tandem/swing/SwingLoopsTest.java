package dev.tandem.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.threads.ExecutorFutures;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link SwingLoops}' Javadoc promises about the event dispatch thread. */
@Timeout(20)
final class SwingLoopsTest {
  private final EventLoop loop = SwingLoops.edt();

  private static <T> T onEdt(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    EventQueue.invokeLater(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void runsHeadless() {
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void edt_isOneLoop_untilClosed() {
    assertThat(SwingLoops.edt()).isSameAs(loop);
    assertThat(loop.isRunning()).isTrue();
  }

  @Test
  void callbacksOfAFutureCompletedElsewhere_runOnTheEdt() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      LoopFuture<String> text = loop.runInExecutor(pool, () -> "looked up");
      CompletableFuture<String> seen = new CompletableFuture<>();
      loop.callSoonThreadsafe(
          () ->
              text.addDoneCallback(
                  done -> seen.complete(done.result() + " on EDT " + EventQueue.isDispatchThread())));
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("looked up on EDT true");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aListener_mayUseTheLoopDirectly_onTheEdt() throws Exception {
    CompletableFuture<Boolean> ran = new CompletableFuture<>();
    assertThat(onEdt(loop::inLoopThread)).isTrue();
    onEdt(() -> loop.callSoon(() -> ran.complete(EventQueue.isDispatchThread())));
    assertThat(ran.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void timers_fireOnTheEdt_notBeforeTheirDeadline() throws Exception {
    CompletableFuture<Long> waited = new CompletableFuture<>();
    long start = loop.time();
    loop.callLater(
        Duration.ofMillis(20),
        () -> waited.complete(EventQueue.isDispatchThread() ? loop.time() - start : -1));
    assertThat(waited.get(10, TimeUnit.SECONDS))
        .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void blockingWaitOnTheEdt_failsFast_onceTheLoopRanThere() throws Exception {
    await().until(() -> onEdt(() -> RunningLoop.current() == loop));
    ExecutorFuture<String> pending = ExecutorFutures.settable();
    Throwable refused =
        onEdt(
            () -> {
              try {
                pending.result(Duration.ofSeconds(5));
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    assertThat(refused).isInstanceOf(BlockingOnLoopException.class);
  }
}
