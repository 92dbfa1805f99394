package dev.tandem.threads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code CompletableFuture} and {@code ListenableFuture} adapters share: the state is
 * the source's own, the adapter only remembers the cancel message (the wrapped types keep none)
 * and never reports running.
 */
abstract class SourceAdapter<T extends @Nullable Object, S extends Future<T>>
    extends ExecutorFutureBase<T> {

  private static final String NO_MESSAGE = new String("<no message>");
  private static final VarHandle MESSAGE;

  static {
    try {
      MESSAGE = MethodHandles.lookup().findVarHandle(SourceAdapter.class, "message", String.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final S source;

  /* null until cancel(…) is called through this adapter; NO_MESSAGE for a null message. */
  private volatile @Nullable String message;

  SourceAdapter(S source) {
    this.source = source;
  }

  @Override
  public final boolean isDone() {
    return source.isDone();
  }

  @Override
  public final boolean isCancelled() {
    return source.isCancelled();
  }

  @Override
  public final boolean isRunning() {
    return false;
  }

  /* True whenever the source is cancelled afterwards, as the ExecutorFuture contract says. */
  @Override
  public final boolean cancel(@Nullable String message) {
    if (!source.isDone()) {
      tryCancel(message);
    }
    return source.isCancelled();
  }

  /* Exact: true only if this call cancelled the source. */
  @Override
  final boolean tryCancel(@Nullable String message) {
    if (source.isDone()) {
      return false;
    }
    MESSAGE.compareAndSet(this, null, message == null ? NO_MESSAGE : message);
    return cancelSource(message);
  }

  /** Cancels the pending source; true only if this call did. */
  abstract boolean cancelSource(@Nullable String message);

  /** Whether a message was given through this adapter (a null message counts). */
  final boolean cancelledHere() {
    return message != null;
  }

  /** The message given through this adapter, or null. */
  final @Nullable String messageGivenHere() {
    String m = message;
    return m == null || m == NO_MESSAGE ? null : m;
  }

  @Override
  final void awaitDone(long nanos, boolean timed) throws InterruptedException, TimeoutException {
    try {
      if (timed) {
        source.get(nanos, TimeUnit.NANOSECONDS);
      } else {
        source.get();
      }
    } catch (ExecutionException | CancellationException done) {
      // Done; the caller reads the outcome.
    } catch (TimeoutException e) {
      throw Blocking.timeout(nanos, this);
    }
  }
}
