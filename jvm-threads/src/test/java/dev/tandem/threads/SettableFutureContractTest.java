package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.contract.ExecutorFutureContract;
import org.jspecify.annotations.Nullable;

/** {@link SettableExecutorFuture}s, completed by their producer with setResult / setException. */
final class SettableFutureContractTest extends ExecutorFutureContract {
  @Override
  protected <T extends @Nullable Object> ExecutorSubject<T> newSubject() {
    SettableExecutorFuture<T> future = ExecutorFutures.settable();
    return new ExecutorSubject<>() {
      @Override
      public ExecutorFuture<T> future() {
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
  protected CallbackFailures recordCallbackFailures() {
    return logRecordsOf("dev.tandem.threads");
  }
}
