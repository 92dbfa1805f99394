package dev.tandem.threads;

import dev.tandem.api.CancelledException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link dev.tandem.api.ExecutorFuture} over a {@link CompletableFuture}: one object, whose
 * state is the source's state; a single {@code whenComplete} hook is installed on the source
 * when the first callback is registered.
 */
final class CompletableFutureAdapter<T extends @Nullable Object> extends ExecutorFutureBase<T>
    implements BiConsumer<Object, Throwable> {

  private static final String NO_MESSAGE = new String("<no message>");
  private static final VarHandle MESSAGE;

  static {
    try {
      MESSAGE =
          MethodHandles.lookup()
              .findVarHandle(CompletableFutureAdapter.class, "message", String.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CompletableFuture<T> source;

  /* null until cancel(…) is called through this adapter; NO_MESSAGE for a null message. */
  private volatile @Nullable String message;

  CompletableFutureAdapter(CompletableFuture<T> source) {
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
      /*
       * A CompletableFuture is cancelled by completing it with a CancellationException, so
       * completing it with a CancelledException cancels it and keeps the message for its own
       * join()/get() callers. cancel(boolean) is not called: subclasses may override it to do
       * something else first (the JDK HttpClient's futures abort the request and then fail with
       * an IOException instead of ending cancelled), and the adapter's contract is that cancel
       * leaves the future cancelled.
       */
      source.completeExceptionally(new CancelledException(message));
    }
    return source.isCancelled();
  }

  /* CompletableFuture.cancel is true also when it already was; completeExceptionally is exact. */
  @Override
  boolean tryCancel(@Nullable String message) {
    if (source.isDone()) {
      return false;
    }
    MESSAGE.compareAndSet(this, null, message == null ? NO_MESSAGE : message);
    if (source.getClass() == CompletableFuture.class) {
      return source.completeExceptionally(new CancelledException(message)); // as cancel(String)
    }
    /* Subclasses get cancel(true), as in cancel(String); its result is exact only if theirs is. */
    return source.cancel(true);
  }

  @Override
  @Nullable String cancelMessage() {
    String m = message;
    if (m != null) {
      return m == NO_MESSAGE ? null : m;
    }
    /* Cancelled on the source directly: keep the message of its CancellationException. */
    try {
      source.join();
    } catch (CancellationException e) {
      return Blocking.innermostCancellation(e).getMessage();
    } catch (CompletionException e) {
      return null;
    }
    return null;
  }

  @Override
  @Nullable Throwable failure() {
    try {
      source.join();
      return null;
    } catch (CompletionException e) {
      return Blocking.unwrap(e);
    }
  }

  @Override
  T value() {
    return source.join();
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
    source.whenComplete(this);
  }

  /** The hook on the source: it completed, so run the callbacks in this thread. */
  @Override
  public void accept(Object value, Throwable failure) {
    fireCallbacks();
  }
}
