package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.contract.ExecutorFutureContract;
import org.jspecify.annotations.Nullable;

/**
 * Futures of {@link FutureExecutor} tasks (whatever pool runs them); the thread that completes
 * the subject plays the worker that runs the task.
 */
final class TaskFutureContractTest extends ExecutorFutureContract {
  @Override
  protected <T extends @Nullable Object> ExecutorSubject<T> newSubject() {
    return new TaskSubject<>();
  }

  @Override
  protected CallbackFailures recordCallbackFailures() {
    return logRecordsOf("dev.tandem.threads");
  }

  /** A task whose outcome the test decides, run in the completing thread like a worker does. */
  static final class TaskSubject<T extends @Nullable Object> implements ExecutorSubject<T> {
    private volatile @Nullable Object outcome;
    private volatile boolean failed;
    final TaskFuture<T> future =
        new TaskFuture<>(
            () -> {
              if (failed) {
                Throwable failure = (Throwable) outcome;
                if (failure instanceof Exception e) {
                  throw e;
                }
                throw (Error) failure;
              }
              @SuppressWarnings("unchecked")
              T value = (T) outcome;
              return value;
            },
            null);

    @Override
    public ExecutorFuture<T> future() {
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
