package dev.tandem.threads;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import org.jspecify.annotations.Nullable;

final class ListenableFutureAdapterContractTest extends AsyncFutureContract {
  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    SettableFuture<T> source = SettableFuture.create();
    AsyncFuture<T> future = ExecutorFutures.from(source);
    return new Subject<>() {
      @Override
      public AsyncFuture<T> future() {
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
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return true;
  }
}
