package dev.tandem.conformance;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.testing.AbstractListenableFutureTest;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Guava's {@link AbstractListenableFutureTest} against {@code ExecutorFutures.asListenableFuture}
 * of a {@link FutureExecutor} task. The pool's one thread runs a blocker that waits for the kit's
 * latch, so the viewed task stays queued (PENDING, so cancellable) until the latch opens; then it
 * returns the kit's value or throws its exception.
 */
public class ExecutorTaskViewListenableFutureTest extends AbstractListenableFutureTest {

  private @Nullable FutureExecutor pool;

  @Override
  public void runBare() throws Throwable {
    TimeLimits.runWithin(
        getClass().getSimpleName() + "." + getName(), TimeLimits.TEST_TIME_LIMIT_MS, super::runBare);
  }

  @Override
  protected void tearDown() throws Exception {
    super.tearDown(); // opens the latch
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected <V> ListenableFuture<V> createListenableFuture(
      V value, @Nullable Exception except, CountDownLatch waitOn) {
    FutureExecutor tasks = FutureExecutor.newFixedPool(1, "testlib-task-view");
    pool = tasks;
    tasks.submit(
        () -> {
          waitOn.await();
          return null;
        });
    return ExecutorFutures.asListenableFuture(
        tasks.submit(
            () -> {
              if (except != null) {
                throw except;
              }
              return value;
            }));
  }
}
