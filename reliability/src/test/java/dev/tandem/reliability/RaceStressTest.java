package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races that matter, repeated many times on real threads (8 of them, started together on a
 * {@link CyclicBarrier} each round): completion against cancellation, callbacks registered while
 * the future completes, and cancellation crossing between a view and its source while the source
 * completes. Every round checks exactly-once outcomes, not timing.
 */
final class RaceStressTest {
  static final int THREADS = 8;
  static final int ROUNDS = Stress.pick(10_000, 200_000);

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  /** Runs {@code actions[i]} on thread i, all released together, and waits for all of them. */
  static void race(List<Runnable> actions) throws Exception {
    CyclicBarrier start = new CyclicBarrier(actions.size());
    List<Future<?>> done = new ArrayList<>();
    for (Runnable action : actions) {
      done.add(
          pool.submit(
              () -> {
                start.await();
                action.run();
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  @Test
  @Timeout(120)
  void completeVersusCancel_manyThreads_exactlyOneWinsAndEveryCallbackRunsOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      CompletableFuture<Integer> source = new CompletableFuture<>();
      ExecutorFuture<Integer> future = ExecutorFutures.from(source);
      AtomicInteger completedBy = new AtomicInteger();
      AtomicIntegerArray runs = new AtomicIntegerArray(THREADS);
      String[] seen = new String[THREADS];
      List<Runnable> actions = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int me = t;
        actions.add(
            () -> {
              future.addDoneCallback(f -> runs.incrementAndGet(me));
              boolean won =
                  me % 2 == 0 ? source.complete(me) : future.cancel("by " + me) && source.isCancelled();
              if (me % 2 == 0 && won) {
                completedBy.incrementAndGet();
              }
              seen[me] = ExecutorFutureLincheckTest.describe(future);
            });
      }
      race(actions);
      assertThat(future.isDone()).isTrue();
      String outcome = ExecutorFutureLincheckTest.describe(future);
      assertThat(seen).as("every observer sees the same outcome, round %d", round).containsOnly(outcome);
      assertThat(completedBy.get() + (future.isCancelled() ? 1 : 0)).as("exactly one winner").isEqualTo(1);
      for (int t = 0; t < THREADS; t++) {
        assertThat(runs.get(t)).as("callback of thread %d, round %d", t, round).isEqualTo(1);
      }
    }
  }

  @Test
  @Timeout(120)
  void taskFuture_cancelVersusRun_exactlyOneWinsAndCallbacksAddedWhileCompletingRunOnce()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      List<Runnable> queued = new ArrayList<>();
      FutureExecutor executor = FutureExecutor.wrapping(new DirectCapture(queued));
      AtomicInteger taskRuns = new AtomicInteger();
      ExecutorFuture<Integer> future = executor.submit(() -> taskRuns.incrementAndGet());
      Runnable task = queued.get(0);
      AtomicIntegerArray runs = new AtomicIntegerArray(THREADS);
      AtomicInteger cancelTrue = new AtomicInteger();
      List<Runnable> actions = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int me = t;
        actions.add(
            () -> {
              if (me == 0) {
                task.run();
              } else if (me < 4) {
                if (future.cancel("c" + me)) {
                  cancelTrue.incrementAndGet();
                }
              }
              future.addDoneCallback(f -> runs.incrementAndGet(me));
            });
      }
      race(actions);
      assertThat(future.isDone()).isTrue();
      if (future.isCancelled()) {
        assertThat(taskRuns.get()).as("a cancelled task never runs").isZero();
        assertThat(cancelTrue.get()).isPositive();
      } else {
        assertThat(taskRuns.get()).isEqualTo(1);
        assertThat(future.result()).isEqualTo(1);
        assertThat(cancelTrue.get()).as("cancel is false once the task ran").isZero();
      }
      for (int t = 0; t < THREADS; t++) {
        assertThat(runs.get(t)).as("callback of thread %d, round %d", t, round).isEqualTo(1);
      }
    }
  }

  @Test
  @Timeout(120)
  void completableView_cancelRacingSourceCompletion_viewAndSourceAgree() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      SettableFuture<Integer> settable = SettableFuture.create();
      ExecutorFuture<Integer> source = ExecutorFutures.from(settable);
      CompletableFuture<Integer> view = ExecutorFutures.asCompletableFuture(source);
      AtomicInteger viewCallbacks = new AtomicInteger();
      view.whenComplete((v, e) -> viewCallbacks.incrementAndGet());
      race(
          List.of(
              () -> settable.set(1),
              () -> view.cancel(false),
              () -> source.cancel("from source"),
              () -> view.isDone()));
      assertThat(view.isDone()).isTrue();
      assertThat(view.isCancelled()).as("round %d", round).isEqualTo(source.isCancelled());
      if (!source.isCancelled()) {
        assertThat(view.join()).isEqualTo(1);
      }
      assertThat(viewCallbacks.get()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(120)
  void listenableView_concurrentCancels_exactlyOneReturnsTrue() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      CompletableFuture<Integer> cf = new CompletableFuture<>();
      ExecutorFuture<Integer> source = ExecutorFutures.from(cf);
      ListenableFuture<Integer> view = ExecutorFutures.asListenableFuture(source);
      AtomicInteger trues = new AtomicInteger();
      AtomicInteger listeners = new AtomicInteger();
      view.addListener(listeners::incrementAndGet, Runnable::run);
      List<Runnable> actions = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        actions.add(
            () -> {
              if (view.cancel(false)) {
                trues.incrementAndGet();
              }
            });
      }
      actions.add(() -> cf.complete(7));
      race(actions);
      boolean cancelled = view.isCancelled();
      assertThat(trues.get()).as("round %d: cancel() true only for the call that cancelled", round)
          .isEqualTo(cancelled ? 1 : 0);
      assertThat(listeners.get()).isEqualTo(1);
    }
  }

  /** An executor service that only records what it is given; the test runs it. */
  static final class DirectCapture extends java.util.concurrent.AbstractExecutorService {
    private final List<Runnable> queued;
    private volatile boolean shut;

    DirectCapture(List<Runnable> queued) {
      this.queued = queued;
    }

    @Override
    public void execute(Runnable command) {
      queued.add(command);
    }

    @Override
    public void shutdown() {
      shut = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shut = true;
      return new ArrayList<>(queued);
    }

    @Override
    public boolean isShutdown() {
      return shut;
    }

    @Override
    public boolean isTerminated() {
      return shut;
    }

    @Override
    public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
      return shut;
    }
  }

  static <T> Consumer<AsyncFuture<T>> noop() {
    return f -> {};
  }
}
