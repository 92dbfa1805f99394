package dev.tandem.threads;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tandem.api.CancelledException;
import dev.tandem.api.Failures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link dev.tandem.api.ExecutorFuture} over a Guava {@link ListenableFuture}: one object,
 * whose state is the source's state; a single direct-executor listener is added to the source
 * when the first callback is registered.
 */
final class ListenableFutureAdapter<T extends @Nullable Object>
    extends SourceAdapter<T, ListenableFuture<T>> implements Runnable {

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

  /* Guava keeps no cancel message: the first one given through this adapter, or null. */
  private volatile @Nullable String message;

  ListenableFutureAdapter(ListenableFuture<T> source) {
    super(source);
  }

  /* Guava's SettableFuture is final and is no ContextCarrier. */
  @Override
  boolean plainSource() {
    return source.getClass() == com.google.common.util.concurrent.SettableFuture.class;
  }

  /* Guava's cancel, like the JDK's Future contract, is true only for the call that cancelled. */
  @Override
  boolean cancelSource(@Nullable String message) {
    if (message != null) {
      MESSAGE.compareAndSet(this, null, message);
    }
    return source.cancel(false);
  }

  @Override
  @Nullable String cancelMessage() {
    /* Guava's own cancellation text ("Task was cancelled.") is not a user message. */
    return message;
  }

  @Override
  @Nullable Throwable failure() {
    try {
      Futures.getDone(source);
      return null;
    } catch (ExecutionException e) {
      return Failures.unwrap(e);
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

  /* One getDone instead of isCancelled, failure() and value(): the same three outcomes. */
  @Override
  T reportResult() {
    try {
      return Futures.getDone(source);
    } catch (CancellationException cancelled) {
      if (!source.isCancelled()) { // a foreign implementation's failure, reported as failure() does
        CancelScope.noteDelivered(cancelled);
        throw cancelled;
      }
      throw new CancelledException(cancelMessage());
    } catch (ExecutionException failed) {
      Throwable failure = Failures.unwrap(failed);
      CancelScope.noteDelivered(failure);
      throw Failures.rethrow(failure);
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
