package dev.tandem.threads;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link dev.tandem.api.ExecutorFuture} over a Guava {@link ListenableFuture}: one object,
 * whose state is the source's state; a single direct-executor listener is added to the source
 * when the first callback is registered.
 */
final class ListenableFutureAdapter<T extends @Nullable Object> extends ExecutorFutureBase<T>
    implements Runnable {

  private static final String NO_MESSAGE = new String("<no message>");
  private static final VarHandle MESSAGE;

  static {
    try {
      MESSAGE =
          MethodHandles.lookup()
              .findVarHandle(ListenableFutureAdapter.class, "message", String.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ListenableFuture<T> source;

  /* null until cancel(…) is called through this adapter; NO_MESSAGE for a null message. */
  private volatile @Nullable String message;

  ListenableFutureAdapter(ListenableFuture<T> source) {
    this.source = source;
  }

  @Override
  public boolean isDone() {
    return source.isDone();
  }

  @Override
  public boolean isCancelled() {
    return source.isCancelled();
  }

  @Override
  public boolean isRunning() {
    return false;
  }

  @Override
  public boolean cancel(@Nullable String message) {
    if (!source.isDone()) {
      MESSAGE.compareAndSet(this, null, message == null ? NO_MESSAGE : message);
      source.cancel(false);
    }
    return source.isCancelled();
  }

  /* Guava's cancel, like the JDK's Future contract, is true only for the call that cancelled. */
  @Override
  boolean tryCancel(@Nullable String message) {
    if (source.isDone()) {
      return false;
    }
    MESSAGE.compareAndSet(this, null, message == null ? NO_MESSAGE : message);
    return source.cancel(false);
  }

  @Override
  @Nullable String cancelMessage() {
    /* Guava's own cancellation text ("Task was cancelled.") is not a user message. */
    String m = message;
    return m == null || m == NO_MESSAGE ? null : m;
  }

  @Override
  @Nullable Throwable failure() {
    try {
      Futures.getDone(source);
      return null;
    } catch (ExecutionException e) {
      return Blocking.unwrap(e);
    } catch (CancellationException e) {
      return e;
    }
  }

  @Override
  T value() {
    try {
      return Futures.getDone(source);
    } catch (ExecutionException e) {
      throw new IllegalStateException("value() read on a failed future " + this, e);
    }
  }

  @Override
  void awaitDone(long nanos, boolean timed) throws InterruptedException, TimeoutException {
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

  @Override
  void onFirstCallback() {
    source.addListener(this, MoreExecutors.directExecutor());
  }

  /** The listener on the source: it completed, so run the callbacks in this thread. */
  @Override
  public void run() {
    fireCallbacks();
  }
}
