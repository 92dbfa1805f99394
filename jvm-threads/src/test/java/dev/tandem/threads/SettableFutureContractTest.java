package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import org.jspecify.annotations.Nullable;

final class SettableFutureContractTest extends AsyncFutureContract {
  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    SettableExecutorFuture<T> future = ExecutorFutures.settable();
    return new Subject<>() {
      @Override
      public AsyncFuture<T> future() {
        return future;
      }

      @Override
      public void complete(T value) {
        future.setResult(value);
      }

      @Override
      public void fail(Throwable failure) {
        future.setException(failure);
      }
    };
  }

  @Override
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return true;
  }
}
