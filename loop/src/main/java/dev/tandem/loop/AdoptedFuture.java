package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A loop future that mirrors a future of another kind or another loop ({@link
 * LoopFutures#adopt}). The source's outcome crosses into this loop through {@code
 * callSoonThreadsafe}; cancelling the view cancels the source with the same message.
 */
final class AdoptedFuture<T extends @Nullable Object> extends DefaultLoopFuture<T> {
  private final AsyncFuture<T> source;

  /**
   * Whether a combinator made this view for its own use. The caller holds the source, not the
   * view, so a failure copied into an internal view counts as seen: it is the source's to report.
   */
  private final boolean internal;

  AdoptedFuture(DefaultEventLoop loop, AsyncFuture<T> source, boolean internal) {
    super(loop);
    this.source = source;
    this.internal = internal;
  }

  /** Registers the copying callback on the source, on the source's own thread if it has one. */
  void attach() {
    Consumer<AsyncFuture<T>> onSourceDone =
        s -> {
          try {
            loop.callSoonThreadsafe(this::copyFromSource);
          } catch (RejectedExecutionException closed) {
            // nothing is copied into a closed loop; close() cancelled this view
          }
        };
    if (source instanceof LoopFuture) {
      EventLoop sourceLoop = ((LoopFuture<T>) source).loop();
      if (sourceLoop.isRunning() && !sourceLoop.inLoopThread()) {
        registerOnLoop(sourceLoop, onSourceDone);
        return;
      }
      try {
        source.addDoneCallback(onSourceDone);
      } catch (WrongThreadException startedMeanwhile) {
        registerOnLoop(sourceLoop, onSourceDone);
      }
    } else {
      source.addDoneCallback(onSourceDone);
    }
  }

  private void registerOnLoop(EventLoop sourceLoop, Consumer<AsyncFuture<T>> onSourceDone) {
    try {
      sourceLoop.callSoonThreadsafe(() -> source.addDoneCallback(onSourceDone));
    } catch (RejectedExecutionException sourceLoopClosed) {
      // its loop is closed and will run no callback; copy what is there, if anything
      if (source.isDone()) {
        onSourceDone.accept(source);
      }
    }
  }

  private void copyFromSource() {
    if (isDone()) {
      return; // the view was cancelled: nothing is copied
    }
    copyOutcome(source, this);
    if (internal && !isCancelled()) {
      exception(); // marks a copied failure as seen
    }
  }

  /**
   * Copies a done {@code from} into pending {@code to}: the value, the same failure object
   * ({@link Failures#unwrap unwrapped} like on every other path), or the cancellation.
   */
  static <T extends @Nullable Object> void copyOutcome(
      AsyncFuture<? extends T> from, DefaultLoopFuture<T> to) {
    if (from.isCancelled()) {
      to.cancel(cancelMessage(from));
      return;
    }
    Throwable failure;
    try {
      failure = from.exception();
    } catch (CancellationException cancelled) {
      to.cancel(cancelled.getMessage());
      return;
    }
    if (failure != null) {
      to.fail(Failures.unwrap(failure));
    } else {
      to.setResult(from.result());
    }
  }

  static @Nullable String cancelMessage(AsyncFuture<?> cancelled) {
    if (cancelled instanceof DefaultLoopFuture) {
      return ((DefaultLoopFuture<?>) cancelled).cancelMessage();
    }
    try {
      cancelled.exception();
      return null;
    } catch (CancellationException e) {
      return e.getMessage();
    }
  }

  @Override
  void onCancelled(@Nullable String message) {
    cancelSource(source, message);
  }

  /** Cancels {@code source} from any thread, hopping onto its loop when it has a running one. */
  static void cancelSource(AsyncFuture<?> source, @Nullable String message) {
    if (source.isDone()) {
      return; // never cancel a done future from a completion path
    }
    if (source instanceof LoopFuture) {
      EventLoop sourceLoop = ((LoopFuture<?>) source).loop();
      if (sourceLoop.isRunning() && !sourceLoop.inLoopThread()) {
        cancelOnLoop(sourceLoop, source, message);
        return;
      }
      try {
        source.cancel(message);
      } catch (WrongThreadException startedMeanwhile) {
        cancelOnLoop(sourceLoop, source, message);
      }
      return;
    }
    source.cancel(message);
  }

  private static void cancelOnLoop(
      EventLoop sourceLoop, AsyncFuture<?> source, @Nullable String message) {
    try {
      sourceLoop.callSoonThreadsafe(
          () -> {
            if (!source.isDone()) {
              source.cancel(message);
            }
          });
    } catch (RejectedExecutionException sourceLoopClosed) {
      if (!source.isDone()) {
        source.cancel(message); // a closed loop does not run: any thread may
      }
    }
  }
}
