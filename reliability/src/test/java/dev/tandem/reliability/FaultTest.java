package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopErrorContext;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults: throwing callbacks and handlers, closing and shutting down with work queued, interrupts, errors in tasks. */
final class FaultTest {

  @Test
  @Timeout(10)
  void loopCallbacks_throwingRuntimeExceptionAndError_eachReportedOnceAndLoopKeepsRunning() {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    EventLoop loop =
        EventLoops.builder().exceptionHandler((l, context) -> reported.add(context.exception())).build();
    RuntimeException rte = new IllegalArgumentException("rte");
    Error error = new AssertionError("error");
    AtomicInteger after = new AtomicInteger();
    LoopFuture<String> future = loop.createFuture();
    loop.callSoon(() -> { throw rte; });
    loop.callSoon(() -> { throw error; });
    future.addDoneCallback(f -> { throw rte; });
    future.addDoneCallback(f -> after.incrementAndGet());
    loop.callSoon(() -> future.setResult("ok"));
    assertThat(loop.runUntilComplete(future)).isEqualTo("ok");
    LoopFuture<String> next = loop.createFuture();
    loop.callSoon(() -> next.setResult("still running"));
    assertThat(loop.runUntilComplete(next)).isEqualTo("still running");
    assertThat(after.get()).isEqualTo(1);
    assertThat(reported).containsExactly(rte, error, rte);
    loop.close();
  }

  @Test
  @Timeout(10)
  void exceptionHandler_thatThrows_loopKeepsRunning() {
    AtomicInteger handled = new AtomicInteger();
    EventLoop loop =
        EventLoops.builder()
            .exceptionHandler(
                (l, context) -> {
                  handled.incrementAndGet();
                  throw new IllegalStateException("handler fails too");
                })
            .build();
    loop.callSoon(() -> { throw new IllegalArgumentException("first"); });
    LoopFuture<Integer> f = loop.createFuture();
    loop.callSoon(() -> f.setResult(1));
    assertThat(loop.runUntilComplete(f)).isEqualTo(1);
    assertThat(handled.get()).isEqualTo(1);
    loop.close();
  }

  @Test
  @Timeout(10)
  void executorCallbacks_throwingRuntimeExceptionAndError_remainingCallbacksRun() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> f = ExecutorFutures.from(cf);
    AtomicInteger ran = new AtomicInteger();
    f.addDoneCallback(x -> { throw new IllegalStateException("cb"); });
    f.addDoneCallback(x -> { throw new OutOfMemoryError("simulated"); });
    f.addDoneCallback(x -> ran.incrementAndGet());
    cf.complete(3);
    assertThat(ran.get()).isEqualTo(1);
    assertThat(f.result()).isEqualTo(3);
  }

  @Test
  @Timeout(10)
  void loopClosed_withPendingWork_callbacksCancelledAndOwnedFuturesCancelledWithMessage()
      throws Exception {
    EventLoop loop = EventLoops.newEventLoop();
    AtomicInteger ran = new AtomicInteger();
    Handle soon = loop.callSoon(ran::incrementAndGet);
    Handle later = loop.callLater(Duration.ofHours(1), ran::incrementAndGet);
    CountDownLatch release = new CountDownLatch(1);
    var pool = Executors.newSingleThreadExecutor();
    try {
      LoopFuture<String> inExecutor =
          loop.runInExecutor(
              pool,
              () -> {
                release.await();
                return "late";
              });
      loop.close();
      assertThat(soon.isCancelled()).isTrue();
      assertThat(later.isCancelled()).isTrue();
      assertThat(inExecutor.isCancelled()).isTrue();
      assertThatThrownBy(inExecutor::result)
          .isInstanceOf(CancelledException.class)
          .hasMessageContaining("closed");
      release.countDown();
    } finally {
      pool.shutdown();
    }
    assertThat(ran.get()).isZero();
  }

  @Test
  @Timeout(10)
  void executorShutdown_withQueuedTasks_theyAreCancelledWithMessageAndNeverRun() throws Exception {
    FutureExecutor executor = FutureExecutor.newFixedPool(1);
    CountDownLatch blocker = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ExecutorFuture<String> running =
        executor.submit(
            () -> {
              started.countDown();
              blocker.await();
              return "done";
            });
    AtomicInteger queuedRuns = new AtomicInteger();
    ExecutorFuture<Integer> queued = executor.submit(queuedRuns::incrementAndGet);
    started.await();
    executor.shutdown(false, true);
    assertThat(queued.isCancelled()).isTrue();
    assertThatThrownBy(queued::result).isInstanceOf(CancelledException.class).hasMessageContaining("shut down");
    blocker.countDown();
    assertThat(running.result(Duration.ofSeconds(5))).isEqualTo("done");
    executor.shutdown(true, false);
    assertThat(queuedRuns.get()).isZero();
  }

  @Test
  @Timeout(10)
  void blockingWait_interrupted_throwsInterruptedAndLeavesFutureUnchanged() throws Exception {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> f = ExecutorFutures.from(cf);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                f.result(Duration.ofSeconds(Long.MAX_VALUE));
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    waiter.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> waiter.getState() == Thread.State.WAITING || waiter.getState() == Thread.State.TIMED_WAITING);
    waiter.interrupt();
    waiter.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(f.isDone()).isFalse();
    cf.complete(5);
    assertThat(f.result()).isEqualTo(5);
  }

  @Test
  @Timeout(10)
  void task_throwingOutOfMemoryError_failsItsFutureAndTheWorkerKeepsWorking() throws Exception {
    try (FutureExecutor executor = FutureExecutor.newFixedPool(1)) {
      OutOfMemoryError oom = new OutOfMemoryError("simulated");
      ExecutorFuture<Object> failed = executor.submit(() -> { throw oom; });
      assertThat(failed.exception(Duration.ofSeconds(5))).isSameAs(oom);
      assertThatThrownBy(failed::result).isSameAs(oom);
      assertThat(executor.submit(() -> "after").result(Duration.ofSeconds(5))).isEqualTo("after");
    }
  }

  @Test
  @Timeout(10)
  void loopCallback_throwingOutOfMemoryError_reportedOnceAndLoopKeepsRunning() {
    List<LoopErrorContext> reported = new CopyOnWriteArrayList<>();
    EventLoop loop = EventLoops.builder().exceptionHandler((l, c) -> reported.add(c)).build();
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    loop.callSoon(() -> { throw oom; });
    LoopFuture<String> f = loop.createFuture();
    loop.callSoon(() -> f.setResult("alive"));
    assertThat(loop.runUntilComplete(f)).isEqualTo("alive");
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).exception()).isSameAs(oom);
    loop.close();
  }
}
