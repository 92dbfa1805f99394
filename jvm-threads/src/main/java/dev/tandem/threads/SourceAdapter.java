package dev.tandem.threads;

import dev.tandem.api.ContextPropagator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code CompletableFuture} and {@code ListenableFuture} adapters share: the state is
 * the source's own, read live, and an adapter never reports running.
 */
abstract class SourceAdapter<T extends @Nullable Object, S extends Future<T>>
    extends ExecutorFutureBase<T> {

  final S source;

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

  /**
   * The source's propagator if it carries one (a Tandem view or stage), else none. Read on every
   * {@code addDoneCallback}: the commonest sources, the plain JDK or Guava class, are told apart
   * by {@link #plainSource()}, one class compare, since the interface check that follows costs a
   * scan of the source class's interfaces on every failing call (HotSpot caches only hits):
   * about 15 ns of a 50 ns adapt-listen-complete, measured in thread-CPU time.
   */
  @Override
  public final ContextPropagator contextPropagator() {
    return plainSource() ? ContextPropagator.none() : ContextFunctions.propagatorOf(source);
  }

  /** Whether the source is exactly a library class that carries no context; a class compare. */
  abstract boolean plainSource();

  /* True whenever the source is cancelled afterwards, as the ExecutorFuture contract says. */
  @Override
  public final boolean cancel(@Nullable String message) {
    tryCancel(message);
    return source.isCancelled();
  }

  /* Exact: true only if this call cancelled the source. */
  @Override
  final boolean tryCancel(@Nullable String message) {
    return !source.isDone() && cancelSource(message);
  }

  /** Cancels the pending source; true only if this call did. */
  abstract boolean cancelSource(@Nullable String message);

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
