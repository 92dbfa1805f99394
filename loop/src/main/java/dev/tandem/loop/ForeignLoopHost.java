package dev.tandem.loop;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link FutureHost} over an {@link EventLoop} that is not Tandem's own, through that loop's
 * public methods only, so loop futures and every combinator's future can live on it.
 *
 * <ul>
 *   <li>Done callbacks are scheduled one by one with the loop's {@link EventLoop#callSoon}; one
 *       that throws is reported by that loop, like any throwing callback.
 *   <li>Close registration is {@link EventLoop#onClose}: the action cancels the future with
 *       {@code "event loop closed"}, and the future's completion deregisters it.
 *   <li>A failure nobody retrieved is logged through {@link LoopExceptionHandler#logging()}: a
 *       foreign loop has no exception handler that Tandem could reach.
 * </ul>
 *
 * <p>No debug mode (a foreign loop has no such setting), and no context propagation: the
 * futures of a foreign loop capture nothing ({@link ContextPropagator#none()}); a foreign loop
 * that propagates context does so in its own {@code callSoon}. Stateless besides the loop, so a
 * combinator call may make one of its own (see {@link
 * Combinators#host}); all of them stand for the same loop.
 */
final class ForeignLoopHost implements FutureHost {
  private final EventLoop loop;

  ForeignLoopHost(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public boolean debug() {
    return false;
  }

  @Override
  public boolean inLoopThread() {
    return loop.inLoopThread();
  }

  @Override
  public void checkThread(String operation) {
    if (loop.isRunning() && !loop.inLoopThread()) {
      throw new WrongThreadException(
          operation
              + "() called from thread '"
              + Thread.currentThread().getName()
              + "' while the event loop "
              + loop
              + " runs on another thread; hand the work to the loop with"
              + " loop.callSoonThreadsafe(...) instead");
    }
  }

  /** A foreign loop has no batch this host sees: each callback puts the thread back itself. */
  @Override
  public ContextSnapshot.@Nullable Scope enterCallbackContext(ContextSnapshot snapshot) {
    return snapshot.open();
  }

  @Override
  public void enqueueDoneCallback(DefaultLoopFuture<?> future, Object callback) {
    try {
      if (callback instanceof CallbackList list) {
        // each its own callback of the foreign loop, in order (its exception handler sees each)
        for (int i = 0, n = list.size(); i < n; i++) {
          loop.callSoon(new DoneCallback(future, list.get(i)));
        }
      } else {
        loop.callSoon(new DoneCallback(future, callback));
      }
    } catch (RejectedExecutionException closed) {
      // a closed loop runs no callback, as on Tandem's own loop
    }
  }

  @Override
  public void registerOwned(DefaultLoopFuture<?> future) {
    Combinators.cancelOnCloseOf(loop, future);
  }

  @Override
  public void reportUnretrieved(LoopErrorContext context, ContextSnapshot creationContext) {
    try (ContextSnapshot.Scope ignored = creationContext.open()) {
      report(context);
    }
  }

  @Override
  public void report(LoopErrorContext context) {
    LoopExceptionHandler.logging().handle(loop, context);
  }

  @Override
  public ContextPropagator contextPropagator() {
    return ContextPropagator.none();
  }

  /** One done callback of one future, as a callback of the foreign loop. */
  private static final class DoneCallback implements Runnable {
    private final LoopFuture<?> future;
    private final Object callback;

    DoneCallback(LoopFuture<?> future, Object callback) {
      this.future = future;
      this.callback = callback;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run() {
      ((Consumer) callback).accept(future);
    }

    @Override
    public String toString() {
      return "done callback " + callback + " of " + future;
    }
  }

  @Override
  public String toString() {
    return "ForeignLoopHost[" + loop + "]";
  }
}
