package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A view on one loop of a source of another kind or another loop ({@link LoopFutures#adopt},
 * and every combinator's input through {@link Combinators#adoptInput}). The source's outcome is
 * copied into the view on the view's loop through {@code callSoonThreadsafe}; cancelling the
 * view cancels the source with the same message.
 */
final class AdoptedFuture<T extends @Nullable Object> extends OwnedLoopFuture<T> {
  private final AsyncFuture<T> source;

  /**
   * Whether a combinator made this view for its own use. The caller holds the source, not the
   * view, so a failure copied into an internal view counts as seen: it is the source's to report.
   */
  private final boolean internal;

  private AdoptedFuture(FutureHost host, AsyncFuture<T> source, boolean internal) {
    super(host);
    this.source = source;
    this.internal = internal;
  }

  /** {@link LoopFutures#adopt}. */
  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> LoopFuture<T> adopt(EventLoop loop, AsyncFuture<T> source) {
    FutureHost host = Combinators.host(loop);
    Objects.requireNonNull(source, "source");
    if (Combinators.isOfLoop(source, loop)) {
      return (LoopFuture<T>) source;
    }
    /*
     * A view on a closed loop could only be cancelled at once, and cancelling a view cancels its
     * source: adopting would silently cancel the caller's future. Refuse instead, at the call site.
     */
    if (loop.isClosed()) {
      throw new RejectedExecutionException(
          "cannot adopt a future into " + loop + ": the event loop is closed");
    }
    return view(host, source, false);
  }

  /** A new view of {@code source} on {@code host}'s loop, registered for close and attached. */
  static <T extends @Nullable Object> AdoptedFuture<T> view(
      FutureHost host, AsyncFuture<T> source, boolean internal) {
    AdoptedFuture<T> view = Combinators.cancelOnClose(new AdoptedFuture<>(host, source, internal));
    view.attach();
    return view;
  }

  /** Registers the copying callback on the source, on its own loop's thread if it has one. */
  private void attach() {
    EventLoop loop = host.eventLoop();
    Consumer<AsyncFuture<T>> onSourceDone =
        s -> {
          try {
            loop.callSoonThreadsafe(this::copyFromSource);
          } catch (RejectedExecutionException closed) {
            // nothing is copied into a closed loop; close() cancelled this view
          }
        };
    if (source instanceof LoopFuture<T> loopSource) {
      boolean registered =
          LoopThreads.runOnLoop(loopSource.loop(), () -> source.addDoneCallback(onSourceDone));
      if (!registered && source.isDone()) {
        // its loop is closed and runs no callback; copy what is there
        onSourceDone.accept(source);
      }
    } else {
      source.addDoneCallback(onSourceDone);
    }
  }

  private void copyFromSource() {
    assert host.inLoopThread();
    if (isDone()) {
      return; // the view was cancelled: nothing is copied
    }
    copyOutcome(source, this);
    if (internal) {
      Combinators.markRetrieved(this);
    }
  }

  /**
   * Copies a done {@code from} into pending {@code to}: the value, the same failure object
   * ({@link Failures#unwrap unwrapped} like on every other path), or the cancellation with its
   * message.
   */
  static <T extends @Nullable Object> void copyOutcome(
      AsyncFuture<? extends T> from, DefaultLoopFuture<T> to) {
    if (from.isCancelled()) {
      to.cancel(Failures.cancelMessage(from));
      return;
    }
    Throwable failure;
    try {
      failure = from.exception();
    } catch (CancellationException cancelled) {
      to.cancel(cancelled.getMessage()); // cancelled between the two reads
      return;
    }
    if (failure != null) {
      to.fail(Failures.unwrap(failure));
    } else {
      to.setResult(from.result());
    }
  }

  @Override
  void onCancelled(@Nullable String message) {
    LoopThreads.cancelUnlessDone(source, message);
  }
}
