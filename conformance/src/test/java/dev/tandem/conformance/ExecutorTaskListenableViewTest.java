package dev.tandem.conformance;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ListenableViewContract} for {@code ExecutorFutures.asListenableFuture} of a {@link
 * FutureExecutor} task kept queued (PENDING) behind a blocker until the test completes it.
 */
final class ExecutorTaskListenableViewTest extends ListenableViewContract {

  private FutureExecutor pool;
  private final CountDownLatch releaseBlocker = new CountDownLatch(1);

  @BeforeEach
  void startPool() {
    pool = FutureExecutor.newFixedPool(1, "contract-task-view");
    pool.submit(
        () -> {
          releaseBlocker.await();
          return null;
        });
  }

  @AfterEach
  void closePool() {
    releaseBlocker.countDown();
    pool.close();
  }

  @Override
  Pending newPending() {
    AtomicReference<Object> outcome = new AtomicReference<>();
    ExecutorFuture<String> task =
        pool.submit(
            () -> {
              Object o = outcome.get();
              if (o instanceof Exception failure) {
                throw failure;
              }
              return (String) o;
            });
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    return new Pending() {
      @Override
      public ListenableFuture<String> view() {
        return view;
      }

      @Override
      public void complete(String value) {
        outcome.set(value);
        releaseBlocker.countDown();
      }

      @Override
      public void fail(Exception failure) {
        outcome.set(failure);
        releaseBlocker.countDown();
      }

      @Override
      public boolean sourceIsCancelled() {
        return task.isCancelled();
      }
    };
  }
}
