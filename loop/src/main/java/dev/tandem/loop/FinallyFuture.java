package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#andFinally}: runs the action once the input is done, whatever its outcome
 * (a cancellation included, and also when the output was cancelled first), then the output
 * takes the input's outcome. An action that throws replaces that outcome with its exception, as
 * Java's {@code finally} does; if the output is already done, the exception goes to the loop's
 * exception handler like any throwing callback's.
 */
final class FinallyFuture<T extends @Nullable Object> extends ChainedFuture<T, T> {
  private final Runnable action;

  private FinallyFuture(FutureHost host, LoopFuture<T> input, Runnable action) {
    super(host, input);
    this.action = action;
  }

  static <T extends @Nullable Object> LoopFuture<T> start(LoopFuture<T> input, Runnable action) {
    FutureHost host = hostOf(input, "input");
    Objects.requireNonNull(action, "action");
    return ChainedFuture.start(new FinallyFuture<>(host, input, action));
  }

  @Override
  public void accept(AsyncFuture<T> done) {
    assert host.inLoopThread();
    Throwable thrown = null;
    try {
      action.run();
    } catch (Throwable t) {
      thrown = t;
    }
    if (isDone()) {
      Combinators.markRetrieved(done);
      if (thrown != null) {
        throw Failures.rethrow(thrown); // to the loop's exception handler
      }
      return;
    }
    if (thrown != null) {
      Combinators.markRetrieved(done);
      failWithThrown(thrown);
      return;
    }
    AdoptedFuture.copyOutcome(done, this);
  }
}
