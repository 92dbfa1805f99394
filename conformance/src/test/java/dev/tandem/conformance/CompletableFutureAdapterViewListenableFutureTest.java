package dev.tandem.conformance;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.testing.AbstractListenableFutureTest;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Guava's {@link AbstractListenableFutureTest} against {@code
 * ExecutorFutures.asListenableFuture(ExecutorFutures.from(cf))}, the listenable view of the
 * executor-future adapter of a {@link CompletableFuture} that a helper thread completes once the
 * kit's latch opens.
 */
public class CompletableFutureAdapterViewListenableFutureTest extends AbstractListenableFutureTest {

  @Override
  public void runBare() throws Throwable {
    TimeLimits.runWithin(
        getClass().getSimpleName() + "." + getName(), TimeLimits.TEST_TIME_LIMIT_MS, super::runBare);
  }

  @Override
  protected <V> ListenableFuture<V> createListenableFuture(
      V value, @Nullable Exception except, CountDownLatch waitOn) {
    CompletableFuture<V> source = new CompletableFuture<>();
    Thread completer =
        new Thread(
            () -> {
              try {
                waitOn.await();
              } catch (InterruptedException e) {
                return;
              }
              if (except != null) {
                source.completeExceptionally(except);
              } else {
                source.complete(value);
              }
            },
            "testlib-cf-completer");
    completer.setDaemon(true);
    completer.start();
    return ExecutorFutures.asListenableFuture(ExecutorFutures.from(source));
  }
}
