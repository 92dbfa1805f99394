package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.contract.ExecutorFutureContract;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** {@code ExecutorFutures.from(CompletableFuture)}, completed through the source. */
final class CompletableFutureAdapterContractTest extends ExecutorFutureContract {
  @Override
  protected <T extends @Nullable Object> ExecutorSubject<T> newSubject() {
    CompletableFuture<T> source = new CompletableFuture<>();
    ExecutorFuture<T> future = ExecutorFutures.from(source);
    return new ExecutorSubject<>() {
      @Override
      public ExecutorFuture<T> future() {
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
  protected CallbackFailures recordCallbackFailures() {
    return logRecordsOf("dev.tandem.threads");
  }
}
