package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#andFinally}: an action once the input is done, whatever its outcome
 * and also when the output was cancelled first; then the input's outcome, or the action's
 * failure.
 */
final class FinallyFuture<T extends @Nullable Object> extends StepFuture<T, T, Runnable> {

  FinallyFuture(ExecutorFuture<T> input, Runnable action, @Nullable Executor executor) {
    super(input, action, executor);
  }

  /** Unlike the other steps, runs also for a cancelled input and for an output cancelled first. */
  @Override
  public void accept(AsyncFuture<T> done) {
    dispatch();
  }

  @Override
  void step() {
    Runnable a = takeFunction(true);
    if (a == null) {
      return;
    }
    try {
      a.run();
    } catch (Throwable failure) {
      if (!tryFail(failure)) {
        ExecutorFutureBase.LOGGER.log(
            System.Logger.Level.WARNING,
            () -> "The andFinally action of " + this + " threw after it was cancelled",
            failure);
      }
      return;
    }
    completeFrom(input);
  }

  @Override
  void onRejected(Throwable rejected) {
    if (!tryFail(rejected)) {
      ExecutorFutureBase.LOGGER.log(
          System.Logger.Level.WARNING,
          () -> "The executor of " + this + " refused its andFinally action; it did not run",
          rejected);
    }
  }
}
