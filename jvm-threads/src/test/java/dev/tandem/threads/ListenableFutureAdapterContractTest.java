package dev.tandem.threads;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.contract.ExecutorFutureContract;
import org.jspecify.annotations.Nullable;

/**
 * {@code ExecutorFutures.from(ListenableFuture)} over a Guava {@code SettableFuture}, completed
 * through the source.
 */
final class ListenableFutureAdapterContractTest extends ExecutorFutureContract {
  @Override
  protected <T extends @Nullable Object> ExecutorSubject<T> newSubject() {
    SettableFuture<T> source = SettableFuture.create();
    ExecutorFuture<T> future = ExecutorFutures.from(source);
    return new ExecutorSubject<>() {
      @Override
      public ExecutorFuture<T> future() {
        return future;
      }

      @Override
      public void complete(T value) {
        source.set(value);
      }

      @Override
      public void fail(Throwable failure) {
        source.setException(failure);
      }
    };
  }

  @Override
  protected CallbackFailures recordCallbackFailures() {
    return logRecordsOf("dev.tandem.threads");
  }
}
