package dev.tandem.conformance;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ListenableViewContract} for {@code
 * ExecutorFutures.asListenableFuture(ExecutorFutures.from(cf))} over a pending {@link
 * CompletableFuture}.
 */
final class CompletableFutureAdapterListenableViewTest extends ListenableViewContract {

  @Override
  Pending newPending() {
    CompletableFuture<String> source = new CompletableFuture<>();
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(ExecutorFutures.from(source));
    return new Pending() {
      @Override
      public ListenableFuture<String> view() {
        return view;
      }

      @Override
      public void complete(String value) {
        source.complete(value);
      }

      @Override
      public void fail(Exception failure) {
        source.completeExceptionally(failure);
      }

      @Override
      public boolean sourceIsCancelled() {
        return source.isCancelled();
      }
    };
  }
}
