package dev.tandem.threads;

import dev.tandem.api.CancelledException;
import dev.tandem.api.Failures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link dev.tandem.api.ExecutorFuture} over a {@link CompletableFuture}: one object, whose
 * state is the source's state; a single {@code whenComplete} hook is installed on the source
 * when the first callback is registered.
 */
final class CompletableFutureAdapter<T extends @Nullable Object>
    extends SourceAdapter<T, CompletableFuture<T>> implements BiConsumer<Object, Throwable> {

  CompletableFutureAdapter(CompletableFuture<T> source) {
    super(source);
  }

  /*
   * A CompletableFuture is cancelled by completing it with a CancellationException, so completing
   * it with a CancelledException cancels it, exactly (false if it was done), and keeps the message
   * for its own join()/get() callers. cancel(boolean) is not called: subclasses may override it to
   * do something else first (the JDK HttpClient's futures abort the request and then fail with an
   * IOException instead of ending cancelled), and cancel must leave the future cancelled.
   */
  @Override
  boolean plainSource() {
    return source.getClass() == CompletableFuture.class;
  }

  @Override
  boolean cancelSource(@Nullable String message) {
    return source.completeExceptionally(new CancelledException(message));
  }

  @Override
  @Nullable String cancelMessage() {
    /*
     * Whoever cancelled the source (this adapter, with a CancelledException carrying the message,
     * or anyone calling cancel on it directly) left the message in its CancellationException.
     */
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
      return Failures.unwrap(e);
    }
  }

  @Override
  T value() {
    return source.join();
  }

  /* One join instead of isCancelled, failure() and value(): the same three outcomes. */
  @Override
  T reportResult() {
    try {
      return source.join();
    } catch (CancellationException cancelled) {
      throw new CancelledException(Blocking.innermostCancellation(cancelled).getMessage());
    } catch (CompletionException failed) {
      Throwable failure = Failures.unwrap(failed);
      CancelScope.noteDelivered(failure);
      throw Failures.rethrow(failure);
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
