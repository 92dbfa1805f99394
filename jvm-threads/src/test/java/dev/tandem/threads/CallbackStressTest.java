package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.AsyncFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Races on the lock-free callback list: registrations, removals and completion from several
 * threads at once. Every registration either runs exactly once or is removed (and counted), never
 * both, never neither.
 */
@Timeout(20)
final class CallbackStressTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_000;

  @RepeatedTest(20)
  void addRemoveAndComplete_racing_runOrRemoveEachRegistrationExactlyOnce() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    AsyncFuture<String> future = ExecutorFutures.from(source);
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < PER_THREAD; i++) {
                  Consumer<AsyncFuture<String>> callback = f -> ran.incrementAndGet();
                  future.addDoneCallback(callback);
                  if (i % 2 == 0) {
                    removed.addAndGet(future.removeDoneCallback(callback));
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    await(start);
    source.complete("v");
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ran.get() + removed.get()).isEqualTo(THREADS * PER_THREAD);
  }

  @RepeatedTest(20)
  void cancelRacingWithTheWorker_eitherRunsTheTaskOrCancelsIt() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    List<TaskFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      futures.add(new TaskFuture<>(ran::incrementAndGet, null));
    }
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicInteger cancelledByCall = new AtomicInteger();
    Thread canceller =
        new Thread(
            () -> {
              await(start);
              for (TaskFuture<Integer> f : futures) {
                if (f.cancel("race")) {
                  cancelledByCall.incrementAndGet();
                }
              }
            });
    canceller.start();
    await(start);
    for (TaskFuture<Integer> f : futures) {
      f.run();
    }
    canceller.join();
    long cancelled = futures.stream().filter(AsyncFuture::isCancelled).count();
    assertThat(cancelled).isEqualTo(cancelledByCall.get());
    assertThat(ran.get() + cancelled).isEqualTo(futures.size());
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
