package dev.tandem.threads;

import dev.tandem.api.ContextCarrier;
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

  /** The source's propagator if it carries one (a Tandem view or stage), else none. */
  @Override
  public final ContextPropagator contextPropagator() {
    return ContextCarrier.propagatorOf(source);
  }

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
