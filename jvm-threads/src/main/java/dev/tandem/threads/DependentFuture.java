package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The output of a combinator of {@link ExecutorCombinators}: an {@link OwnStateFuture} completed
 * from the outcome of the futures it depends on. What the operations share: taking a done
 * future's outcome ({@link #completeFrom}) and listening to a future of either kind ({@link
 * #listenTo}).
 */
abstract class DependentFuture<R extends @Nullable Object> extends OwnStateFuture<R> {

  /**
   * Takes {@code done}'s outcome unless this future is done already: its cancellation (with its
   * message; the inputs are not cancelled back), the same failure object (unwrapped), or its
   * value. Reads a loop future's outcome, so call it on its loop's thread or after a done
   * callback that ran there.
   */
  final void completeFrom(AsyncFuture<?> done) {
    if (!isPending()) {
      return;
    }
    if (done.isCancelled()) {
      /* This package's futures hand their message over without throwing and catching it. */
      tryCancelFromInput(
          done instanceof ExecutorFutureBase<?> own
              ? own.cancelMessage()
              : Failures.cancelMessage(done));
      return;
    }
    Throwable failure = done.exception();
    if (failure != null) {
      tryFail(failure);
    } else {
      tryComplete(done.result());
    }
  }

  /**
   * Registers {@code callback} on {@code future} from any thread, a loop future's on its loop's
   * thread ({@link LoopThreads#observe}). A pending loop future whose loop is closed, now or
   * later while this waits, can never complete: this future is then cancelled with a message
   * saying so.
   */
  final <T extends @Nullable Object> void listenTo(
      AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> callback) {
    if (future instanceof LoopFuture<T> loopFuture) {
      LoopThreads.observe(
          future,
          callback,
          () -> tryCancelFromInput(LoopThreads.loopClosed(loopFuture.loop()).getMessage()));
    } else {
      future.addDoneCallback(callback);
    }
  }
}
