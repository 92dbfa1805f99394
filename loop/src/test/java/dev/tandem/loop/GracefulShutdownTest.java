package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LoopOperations#shutdownGracefully} and {@link BackgroundLoop}'s use of it. */
@Timeout(30)
final class GracefulShutdownTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final List<Runnable> neverRun = new ArrayList<>();

  private EventLoop newLoop() {
    return EventLoops.builder().exceptionHandler(handler).build();
  }

  @Test
  void ownedFutures_areCancelledWithAMessage_andTheirCancellationCallbacksRun() {
    EventLoop loop = newLoop();
    LoopFuture<String> task = loop.runInExecutor(neverRun::add, () -> "never");
    List<String> seen = new ArrayList<>();
    task.addDoneCallback(
        f -> {
          seen.add(Thread.currentThread().getName());
          loop.callSoon(() -> seen.add("scheduled by the cancellation callback"));
        });

    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5))).isTrue();

    assertThat(task.isCancelled()).isTrue();
    assertThatThrownBy(task::result)
        .isInstanceOf(CancelledException.class)
        .hasMessage("event loop shutting down");
    assertThat(seen).containsExactly(Thread.currentThread().getName(), "scheduled by the cancellation callback");
    assertThat(loop.isClosed()).isTrue();
    assertThat(handler.reports()).isEmpty();
  }

  @Test
  void timersDueBeforeTheDeadline_run_laterOnesAreCancelledByTheClose() {
    EventLoop loop = newLoop();
    LoopFuture<String> task = loop.runInExecutor(neverRun::add, () -> "never");
    AtomicReference<String> cleanedUp = new AtomicReference<>();
    task.addDoneCallback(f -> loop.callLater(Duration.ofMillis(20), () -> cleanedUp.set("cleaned up")));
    Handle later = loop.callLater(Duration.ofHours(1), () -> {});

    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(10))).isTrue();

    assertThat(cleanedUp.get()).isEqualTo("cleaned up");
    assertThat(later.isCancelled()).isTrue();
  }

  @Test
  void workThatKeepsGoingPastTheDeadline_isReported_andCancelledByTheClose() {
    EventLoop loop = newLoop();
    Runnable stubborn =
        new Runnable() {
          @Override
          public void run() {
            loop.callLater(Duration.ofMillis(5), this); // ignores the shutdown
          }

          @Override
          public String toString() {
            return "the stubborn task";
          }
        };
    loop.callSoon(stubborn);

    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ofMillis(100))).isFalse();

    assertThat(handler.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(LoopErrorContext.Kind.SHUTDOWN_INCOMPLETE);
              assertThat(r.duration()).isEqualTo(Duration.ofMillis(100));
              assertThat(r.details()).anySatisfy(d -> assertThat(d).contains("the stubborn task"));
              assertThat(r.toString()).contains("the stubborn task");
            });
    assertThat(handler.onLoopThread()).containsOnly(false); // reported after the run, before the close
    assertThat(loop.isClosed()).isTrue();
  }

  @Test
  void duringTheDrain_otherThreadsCannotSubmit_butTheLoopThreadCan() throws Exception {
    EventLoop loop = newLoop();
    LoopFuture<String> task = loop.runInExecutor(neverRun::add, () -> "never");
    CompletableFuture<Throwable> fromOtherThread = new CompletableFuture<>();
    AtomicReference<String> fromLoopThread = new AtomicReference<>();
    task.addDoneCallback(
        f -> {
          Thread other =
              new Thread(
                  () -> {
                    try {
                      loop.callSoonThreadsafe(() -> {});
                      fromOtherThread.complete(null);
                    } catch (Throwable t) {
                      fromOtherThread.complete(t);
                    }
                  });
          other.start();
          try {
            other.join(TimeUnit.SECONDS.toMillis(10));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          loop.callSoonThreadsafe(() -> fromLoopThread.set("ran"));
        });

    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5))).isTrue();

    assertThat(fromOtherThread.get(10, TimeUnit.SECONDS))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shutting down");
    assertThat(fromLoopThread.get()).isEqualTo("ran");
  }

  @Test
  void aFutureRegisteredDuringTheDrain_isCancelledAtOnce() {
    EventLoop loop = newLoop();
    AtomicReference<LoopFuture<String>> late = new AtomicReference<>();
    LoopFuture<String> task = loop.runInExecutor(neverRun::add, () -> "never");
    task.addDoneCallback(f -> late.set(loop.runInExecutor(neverRun::add, () -> "late")));

    LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5));

    assertThat(late.get().isCancelled()).isTrue();
  }

  @Test
  void inDebugMode_pendingFuturesAreReportedWithTheirNames() {
    EventLoop loop = EventLoops.builder().exceptionHandler(handler).debug(true).build();
    LoopFuture<String> forgotten = LoopOperations.named(loop.createFuture(), "forgotten-reply");

    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(1))).isFalse();

    assertThat(handler.reports())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.details())
                    .anySatisfy(
                        d ->
                            assertThat(d)
                                .contains("name=forgotten-reply")
                                .contains("inDebugMode_pendingFuturesAreReportedWithTheirNames")));
    assertThat(forgotten.isDone()).as("not owned: left as it was").isFalse();
  }

  @Test
  void aClosedLoop_returnsTrueAtOnce() {
    EventLoop loop = newLoop();
    loop.close();
    assertThat(LoopOperations.shutdownGracefully(loop, Duration.ZERO)).isTrue();
  }

  @Test
  void aRunningLoop_orACallbackOfIt_cannotBeShutDownGracefully() throws Exception {
    EventLoop loop = newLoop();
    AtomicReference<Throwable> fromCallback = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(1));
          } catch (Throwable t) {
            fromCallback.set(t);
          }
        });
    TestLoops.runUntilIdle(loop);
    assertThat(fromCallback.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("own callbacks");
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("graceful-running")) {
      assertThatThrownBy(
              () -> LoopOperations.shutdownGracefully(background.loop(), Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("graceful-running");
    }
    assertThatThrownBy(() -> LoopOperations.shutdownGracefully(loop, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    loop.close();
  }

  @Test
  void backgroundLoopClose_shutsDownGracefully() throws Exception {
    AtomicReference<LoopFuture<String>> task = new AtomicReference<>();
    CompletableFuture<String> cancellationSeenOn = new CompletableFuture<>();
    BackgroundLoop background = EventLoops.builder().exceptionHandler(handler).startBackgroundLoop("graceful-bg");
    CompletableFuture<Void> registered = new CompletableFuture<>();
    background.loop().execute(() -> {
      LoopFuture<String> t = background.loop().runInExecutor(neverRun::add, () -> "never");
      t.addDoneCallback(f -> cancellationSeenOn.complete(Thread.currentThread().getName()));
      task.set(t);
      registered.complete(null);
    });
    registered.get(10, TimeUnit.SECONDS);

    background.close();

    assertThat(cancellationSeenOn.get(10, TimeUnit.SECONDS)).isEqualTo("graceful-bg");
    assertThat(task.get().isCancelled()).isTrue();
    assertThat(background.loop().isClosed()).isTrue();
    assertThatThrownBy(() -> background.loop().execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
