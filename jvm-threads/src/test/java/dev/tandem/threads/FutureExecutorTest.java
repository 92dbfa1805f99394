package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.RunningLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FutureExecutor: Python's ThreadPoolExecutor tests (test_thread_pool, test_shutdown). */
@Timeout(10)
final class FutureExecutorTest {
  private final FutureExecutor executor = FutureExecutor.newFixedPool(1, "one");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    executor.shutdown(true, true);
  }

  /** Occupies the single worker until {@link #release} opens; returns once it runs. */
  private ExecutorFuture<String> blockTheWorker() throws InterruptedException {
    return blockTheWorker(executor, release);
  }

  /** Occupies the single worker of {@code pool} until {@code go} opens; returns once it runs. */
  private static ExecutorFuture<String> blockTheWorker(FutureExecutor pool, CountDownLatch go)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    ExecutorFuture<String> blocker =
        pool.submit(
            () -> {
              started.countDown();
              go.await();
              return "blocker";
            });
    started.await();
    return blocker;
  }

  @Test
  void submit_runsTheTaskOnANamedWorkerAndReturnsItsResult() throws Exception {
    ExecutorFuture<String> f = executor.submit(() -> Thread.currentThread().getName());
    assertThat(f.result(Duration.ofSeconds(5))).isEqualTo("one-thread-1");
  }

  @Test
  void isRunning_isTrueOnlyWhileTheTaskRuns() throws Exception {
    ExecutorFuture<String> queued = executor.submit(() -> "queued");
    queued.result(Duration.ofSeconds(5));
    assertThat(queued.isRunning()).isFalse();
    ExecutorFuture<String> blocker = blockTheWorker();
    assertThat(blocker.isRunning()).isTrue();
    assertThat(blocker.isDone()).isFalse();
    assertThat(blocker.toString()).contains("status=RUNNING");
    release.countDown();
    assertThat(blocker.result(Duration.ofSeconds(5))).isEqualTo("blocker");
    assertThat(blocker.isRunning()).isFalse();
  }

  @Test
  void cancel_ofARunningTask_returnsFalseAndTheTaskFinishes() throws Exception {
    ExecutorFuture<String> blocker = blockTheWorker();
    assertThat(blocker.cancel("too late")).isFalse();
    assertThat(blocker.cancel(true)).isFalse();
    assertThat(blocker.isCancelled()).isFalse();
    release.countDown();
    assertThat(blocker.result(Duration.ofSeconds(5))).isEqualTo("blocker");
  }

  @Test
  void cancel_ofAQueuedTask_succeedsAndTheTaskNeverRuns() throws Exception {
    blockTheWorker();
    AtomicInteger runs = new AtomicInteger();
    ExecutorFuture<Integer> queued = executor.submit(runs::incrementAndGet);
    assertThat(queued.isRunning()).isFalse();
    assertThat(queued.cancel("changed my mind")).isTrue();
    ExecutorFuture<String> after = executor.submit(() -> "after");
    release.countDown();
    assertThat(after.result(Duration.ofSeconds(5))).isEqualTo("after");
    assertThat(runs.get()).isZero();
    assertThatThrownBy(queued::result).isInstanceOf(CancelledException.class).hasMessage("changed my mind");
  }

  @Test
  void aTaskThrowingAnError_failsItsFutureAndTheWorkerGoesOn() throws Exception {
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    ExecutorFuture<String> failed =
        executor.submit(
            () -> {
              throw oom;
            });
    assertThat(failed.exception(Duration.ofSeconds(5))).isSameAs(oom);
    assertThat(executor.submit(() -> "still alive").result(Duration.ofSeconds(5)))
        .isEqualTo("still alive");
  }

  @Test
  void callbacks_runInTheWorkerThreadAfterTheTask() throws Exception {
    blockTheWorker();
    ExecutorFuture<String> f = executor.submit(() -> "v");
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    f.addDoneCallback(done -> ranOn.complete(Thread.currentThread().getName() + ":" + done.result()));
    release.countDown();
    assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("one-thread-1:v");
  }

  // ---- map ----

  @Test
  void map_returnsResultsInInputOrder() throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(4)) {
      List<Integer> inputs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        inputs.add(i);
      }
      assertThat(pool.map(i -> i * i, inputs, Duration.ofSeconds(5)))
          .containsExactlyElementsOf(inputs.stream().map(i -> i * i).toList());
      assertThat(pool.map(i -> i, List.<Integer>of())).isEmpty();
    }
  }

  @Test
  void map_whenTheTimeoutRunsOut_cancelsWhatHasNotStartedAndSaysHowMuchIsLeft() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch firstStarted = new CountDownLatch(1);
    /*
     * map() submits every input and then waits 50 ms counted from its call. On a loaded machine
     * the worker may not have picked up the first task within 50 ms, and then all three would be
     * cancelled before any ran. So the service returns from the first submission only once the
     * worker runs that task: the time this takes comes out of the 50 ms, and when they run out
     * the first task is running and the other two are still queued, however slow the machine.
     */
    ExecutorService service =
        new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
          @Override
          public void execute(Runnable task) {
            super.execute(task);
            try {
              firstStarted.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    FutureExecutor oneWorker = FutureExecutor.wrapping(service);
    try {
      assertThatThrownBy(
              () ->
                  oneWorker.map(
                      i -> {
                        ran.incrementAndGet();
                        firstStarted.countDown();
                        await().until(() -> release.getCount() == 0);
                        return i;
                      },
                      List.of(1, 2, 3),
                      Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("3 of 3 results not ready");
      assertThat(firstStarted.getCount()).as("the first task started").isZero();
      release.countDown();
      assertThat(oneWorker.submit(() -> "next").result(Duration.ofSeconds(5))).isEqualTo("next");
      assertThat(ran.get()).isEqualTo(1);
    } finally {
      release.countDown();
      oneWorker.shutdown(true, true);
    }
  }

  @Test
  void map_whenAResultFails_rethrowsItAndCancelsTheRest() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    assertThatThrownBy(
            () ->
                executor.map(
                    i -> {
                      ran.add(i);
                      if (i == 1) {
                        throw new IllegalArgumentException("bad input 1");
                      }
                      await().until(() -> release.getCount() == 0);
                      return i;
                    },
                    List.of(1, 2, 3, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad input 1");
    release.countDown();
    assertThat(executor.submit(() -> "next").result(Duration.ofSeconds(5))).isEqualTo("next");
    assertThat(ran).contains(1).doesNotContain(3, 4);
  }

  @Test
  void map_onALoopThread_failsBeforeSubmittingAnything() {
    AtomicInteger ran = new AtomicInteger();
    try (RunningLoop.Scope scope = OnLoopThread.enter()) {
      assertThatThrownBy(() -> executor.map(i -> ran.incrementAndGet(), List.of(1, 2)))
          .isInstanceOf(BlockingOnLoopException.class);
    }
    assertThat(ran.get()).isZero();
  }

  // ---- shutdown ----

  @Test
  void shutdown_withCancelFutures_cancelsTasksNotStartedWithAMessage() throws Exception {
    ExecutorFuture<String> blocker = blockTheWorker();
    ExecutorFuture<String> queued = executor.submit(() -> "queued");
    executor.shutdown(false, true);
    assertThat(queued.isCancelled()).isTrue();
    assertThatThrownBy(queued::result).hasMessageContaining("shut down");
    release.countDown();
    assertThat(blocker.result(Duration.ofSeconds(5))).isEqualTo("blocker");
  }

  @Test
  void shutdown_withCancelFutures_onAWrappedServiceThatIsNotAPool_cancelsQueuedTasksWhenReached()
      throws Exception {
    // Executors.newSingleThreadExecutor() hides its ThreadPoolExecutor behind a delegate.
    FutureExecutor wrapped = FutureExecutor.wrapping(Executors.newSingleThreadExecutor());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorFuture<String> blocker = blockTheWorker(wrapped, go);
    AtomicInteger queuedRuns = new AtomicInteger();
    ExecutorFuture<Integer> queued = wrapped.submit(queuedRuns::incrementAndGet);
    wrapped.shutdown(false, true);
    assertThatThrownBy(() -> wrapped.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    go.countDown();
    assertThat(blocker.result(Duration.ofSeconds(5))).isEqualTo("blocker");
    await().atMost(Duration.ofSeconds(5)).until(queued::isCancelled);
    assertThatThrownBy(queued::result).isInstanceOf(CancelledException.class).hasMessageContaining("shut down");
    wrapped.shutdown(true, false);
    assertThat(queuedRuns.get()).isZero();
  }

  @Test
  void shutdownWithWaitAndCancelFutures_onAWrappedService_returnsWithEveryQueuedTaskCancelled()
      throws Exception {
    FutureExecutor wrapped = FutureExecutor.wrapping(Executors.newSingleThreadExecutor());
    CountDownLatch go = new CountDownLatch(1);
    blockTheWorker(wrapped, go);
    List<ExecutorFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(wrapped.submit(() -> 1));
    }
    Thread closer = new Thread(() -> wrapped.shutdown(true, true));
    closer.start();
    await().atMost(Duration.ofSeconds(5)).until(wrapped::isShutdown);
    go.countDown();
    closer.join(5_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(queued).allMatch(ExecutorFuture::isCancelled);
  }

  @Test
  void shutdown_withoutCancelFutures_letsQueuedTasksRun() throws Exception {
    blockTheWorker();
    ExecutorFuture<String> queued = executor.submit(() -> "queued");
    executor.shutdown(false, false);
    release.countDown();
    assertThat(queued.result(Duration.ofSeconds(5))).isEqualTo("queued");
  }

  @Test
  void shutdown_withWait_blocksUntilRunningTasksFinish() throws Exception {
    ExecutorFuture<String> blocker = blockTheWorker();
    CompletableFuture<Boolean> blockerDoneWhenShutdownReturned = new CompletableFuture<>();
    Thread closer =
        new Thread(
            () -> {
              executor.shutdown(true, false);
              blockerDoneWhenShutdownReturned.complete(blocker.isDone());
            });
    closer.start();
    await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    assertThat(blockerDoneWhenShutdownReturned).isNotDone();
    release.countDown();
    assertThat(blockerDoneWhenShutdownReturned.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void close_waitsForQueuedTasks() throws Exception {
    FutureExecutor pool = FutureExecutor.newFixedPool(2);
    List<ExecutorFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      futures.add(pool.submit(() -> n));
    }
    pool.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCancelled());
    assertThat(pool.isShutdown()).isTrue();
  }

  @Test
  void submit_afterShutdown_isRejectedWithAClearMessage() {
    executor.shutdown(false, false);
    assertThatThrownBy(() -> executor.submit(() -> "late"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThatThrownBy(() -> executor.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void shutdownWithWait_onALoopThread_failsFastAndShutsNothingDown() throws Exception {
    blockTheWorker();
    try (RunningLoop.Scope scope = OnLoopThread.enter()) {
      assertThatThrownBy(executor::close).isInstanceOf(BlockingOnLoopException.class);
    }
    assertThat(executor.isShutdown()).isFalse();
  }

  @Test
  void shutdownWithWait_whenInterrupted_returnsWithTheFlagSet() throws Exception {
    blockTheWorker();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    Thread closer =
        new Thread(
            () -> {
              executor.shutdown(true, false);
              interruptedAfter.complete(Thread.currentThread().isInterrupted());
            });
    closer.start();
    await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    closer.interrupt();
    assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).isTrue();
  }

  // ---- factories and execute ----

  @Test
  void wrapping_runsOnTheServiceAndShutsItDown() throws Exception {
    ExecutorService service = Executors.newSingleThreadExecutor(r -> new Thread(r, "wrapped"));
    FutureExecutor wrapped = FutureExecutor.wrapping(service);
    assertThat(wrapped.submit(() -> Thread.currentThread().getName()).result(Duration.ofSeconds(5)))
        .isEqualTo("wrapped");
    wrapped.close();
    assertThat(service.isTerminated()).isTrue();
  }

  @Test
  void submit_whenTheWrappedServiceRejects_throwsAndLeavesNothingPending() {
    ExecutorService service = Executors.newSingleThreadExecutor();
    service.shutdown();
    FutureExecutor wrapped = FutureExecutor.wrapping(service);
    assertThatThrownBy(() -> wrapped.submit(() -> "x"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("could not schedule");
  }

  @Test
  void virtualThreads_runTasksWhenTheRuntimeHasThemElseTheFactorySaysWhy() throws Exception {
    if (Runtime.version().feature() >= 21) {
      assertThat(FutureExecutor.virtualThreadsAvailable()).isTrue();
      try (FutureExecutor virtual = FutureExecutor.newVirtualThreadPerTask()) {
        boolean isVirtual =
            virtual
                .submit(() -> (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()))
                .result(Duration.ofSeconds(5));
        assertThat(isVirtual).isTrue();
      }
    } else {
      assertThat(FutureExecutor.virtualThreadsAvailable()).isFalse();
      assertThatThrownBy(FutureExecutor::newVirtualThreadPerTask)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("JDK 21")
          .hasMessageContaining("newFixedPool");
    }
  }

  @Test
  void execute_ofAFailingRunnable_logsTheFailure() throws Exception {
    try (LogCapture log = new LogCapture()) {
      IllegalStateException boom = new IllegalStateException("runnable failed (expected)");
      executor.execute(
          () -> {
            throw boom;
          });
      await().until(() -> !log.records.isEmpty());
      assertThat(log.records.get(0).getThrown()).isSameAs(boom);
    }
  }

  @Test
  void badArguments_failAtTheCallSite() {
    assertThatThrownBy(() -> FutureExecutor.newFixedPool(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one thread");
    assertThatThrownBy(() -> executor.submit(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> executor.map(i -> i, List.of(1), Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentSubmitAndShutdown_leaveNoFuturePendingForever() throws Exception {
    FutureExecutor pool = FutureExecutor.newFixedPool(2);
    List<ExecutorFuture<Integer>> accepted = new CopyOnWriteArrayList<>();
    CountDownLatch submitting = new CountDownLatch(1);
    Thread submitter =
        new Thread(
            () -> {
              submitting.countDown();
              for (int i = 0; i < 100_000; i++) {
                try {
                  accepted.add(pool.submit(() -> 1));
                } catch (RejectedExecutionException expected) {
                  return;
                }
              }
            });
    submitter.start();
    submitting.await();
    pool.shutdown(true, true);
    submitter.join(5000);
    assertThat(accepted).allMatch(ExecutorFuture::isDone);
  }
}
