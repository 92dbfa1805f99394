package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.contract.AsyncFutureContract;
import org.jspecify.annotations.Nullable;

/** Futures of FutureExecutor tasks; the test thread plays the worker that runs the task. */
final class TaskFutureContractTest extends AsyncFutureContract {
  @Override
  protected <T extends @Nullable Object> Subject<T> newSubject() {
    return new TaskSubject<>();
  }

  @Override
  protected boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return true;
  }

  /** A task whose outcome the test decides, run in the completing thread like a worker does. */
  static final class TaskSubject<T extends @Nullable Object> implements Subject<T> {
    private @Nullable Object outcome;
    private boolean failed;
    final TaskFuture<T> future =
        new TaskFuture<>(
            () -> {
              if (failed) {
                Throwable failure = (Throwable) outcome;
                if (failure instanceof Exception) {
                  throw (Exception) failure;
                }
                throw (Error) failure;
              }
              @SuppressWarnings("unchecked")
              T value = (T) outcome;
              return value;
            },
            null);

    @Override
    public AsyncFuture<T> future() {
      return future;
    }

    @Override
    public void complete(T value) {
      outcome = value;
      future.run();
    }

    @Override
    public void fail(Throwable failure) {
      outcome = failure;
      failed = true;
      future.run();
    }
  }
}
