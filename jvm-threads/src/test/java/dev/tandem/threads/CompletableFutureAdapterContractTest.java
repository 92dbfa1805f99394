package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

final class CompletableFutureAdapterContractTest extends AsyncFutureContract {
  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    CompletableFuture<T> source = new CompletableFuture<>();
    AsyncFuture<T> future = ExecutorFutures.from(source);
    return new Subject<>() {
      @Override
      public AsyncFuture<T> future() {
        return future;
      }

      @Override
      public void complete(T value) {
        source.complete(value);
      }

      @Override
      public void fail(Throwable failure) {
        source.completeExceptionally(failure);
      }
    };
  }

  @Override
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return true;
  }
}
