package dev.tandem.threads;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@link ExecutorFuture}s from the futures Java code already has, and converts them back.
 *
 * <h2>How to get an instance</h2>
 *
 * <!-- snippet:javadoc-executor-futures (compiled by the samples module) -->
 * <pre>{@code
 * CompletableFuture<String> cf = httpClient.sendAsync(request, ofString()).thenApply(HttpResponse::body);
 * ExecutorFuture<String> body = ExecutorFutures.from(cf);
 * body.addDoneCallback(f -> log(f.result()));
 * String text = body.result(Duration.ofSeconds(5));
 * }</pre>
 *
 * A future you complete yourself is {@link #settable()}: complete it with {@code setResult} or
 * {@code setException}, hand it out as an {@code ExecutorFuture}. Already-done futures come from
 * {@link #completed}, {@link #failed} and {@link #cancelled}. Tasks on threads come from {@link
 * FutureExecutor#submit}.
 *
 * <h2>Adapters ({@code from})</h2>
 *
 * An adapter follows the {@link ExecutorFuture} contract exactly, whatever the wrapped type does
 * differently:
 *
 * <ul>
 *   <li>Its state is the source's state, read live; it never reports running.
 *   <li>Callbacks run in the thread that completes the source, in registration order (a {@code
 *       CompletableFuture} alone runs its dependents in reverse order), or at once in the
 *       registering thread if the source is already done. Everything the completing thread did
 *       before completing happens-before each callback.
 *   <li>A callback that throws is logged through {@link System.Logger} (logger {@code
 *       dev.tandem.threads}, level WARNING) with the future's {@code toString()}, and the
 *       remaining callbacks still run.
 *   <li>When completions nest more than 32 deep in one thread's callbacks (a chain of futures
 *       completing each other), the deeper future's callbacks run in the same thread right after
 *       the outer callback returns instead of on top of it, so the stack never overflows.
 *   <li>{@code cancel(message)} cancels the source and returns true whenever the future is
 *       cancelled afterwards, also when it already was; false once it finished. The message is
 *       kept by the adapter, since the wrapped types have none, and carried by the {@link
 *       dev.tandem.api.CancelledException} that reads throw. A {@code CompletableFuture}
 *       cancelled directly keeps the message of its {@link CancellationException}. A {@code
 *       CompletableFuture} source is cancelled by completing it with a {@link
 *       dev.tandem.api.CancelledException} (its {@code cancel(boolean)} is not called, so a
 *       subclass cannot turn the cancellation into a failure; to abort an {@code HttpClient}
 *       request, cancel its own future from a done callback); a {@code ListenableFuture} source
 *       with {@code cancel(false)}, so no thread is ever interrupted.
 *   <li>{@link java.util.concurrent.CompletionException} and {@link
 *       java.util.concurrent.ExecutionException} wrappers that have a cause are stripped, the
 *       same way on every path, so {@code exception()} returns the original failure.
 *   <li>Blocking waits on a source that is not done throw {@link
 *       dev.tandem.api.BlockingOnLoopException} on a running event loop's thread.
 * </ul>
 *
 * <h2>Views ({@code as…})</h2>
 *
 * {@link #asCompletableFuture} and {@link #asListenableFuture} return live views: the source's
 * value, its failure (the same object) or its cancellation (as a {@link
 * dev.tandem.api.CancelledException} carrying the message) shows in the view, and cancelling the
 * view cancels the source (a running task cannot be cancelled; the view then stays pending).
 * Nothing is ever cancelled from a completion handler. Round trips return the original object:
 * {@code from(asCompletableFuture(f)) == f} for an executor future {@code f} and {@code
 * asCompletableFuture(from(cf)) == cf}, and the same for {@code ListenableFuture}.
 *
 * <h2>Context propagation</h2>
 *
 * Adapters and views carry their source's {@link dev.tandem.api.ContextPropagator} ({@link
 * dev.tandem.api.ContextCarrier#propagatorOf}): over a future of a loop or executor with
 * propagation (or a {@link #settable(dev.tandem.api.ContextPropagator)} one), a done callback, a
 * function of a {@code CompletableFuture} view's dependent stage (sync or async, and every stage
 * built on it) and a {@code ListenableFuture} view's listener run in the context of the thread
 * that registered them. Over a foreign future there is nothing to carry: no capture.
 *
 * <h2>Words</h2>
 *
 * A <em>source</em> is the future something reads its outcome from. An <em>adapter</em> ({@code
 * from}) has no state of its own: its state is its source's, read live. A <em>view</em> ({@code
 * as…}) is a future of another type with a state of its own, copied from its source and never
 * copied into once the view is done; cancelling it cancels the source. The {@code
 * ListenableFuture} view is the exception that keeps no state: every call goes to its source.
 *
 * <p>Thread safety: every method may be called from any thread; none blocks.
 */
public final class ExecutorFutures {
  private ExecutorFutures() {}

  /**
   * An executor future whose state is {@code source}'s, following the contract described on this
   * class. Cancelling it cancels the source. If {@code source} is a view made by {@link
   * #asCompletableFuture} of an executor future, returns that future instead of wrapping again.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> from(CompletableFuture<T> source) {
    if (source == null) {
      throw new NullPointerException("source");
    }
    if (source instanceof CompletableFutureView<T> view
        && view.source instanceof ExecutorFuture<T> viewed) {
      return viewed;
    }
    return new CompletableFutureAdapter<>(source);
  }

  /**
   * An executor future whose state is {@code source}'s, following the contract described on this
   * class. Cancelling it cancels the source. If {@code source} is a view made by {@link
   * #asListenableFuture}, returns the future it views instead of wrapping again.
   *
   * @throws NullPointerException if {@code source} is null
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> ExecutorFuture<T> from(ListenableFuture<T> source) {
    if (source == null) {
      throw new NullPointerException("source");
    }
    if (source instanceof ListenableFutureView) {
      return ((ListenableFutureView<T>) source).source;
    }
    return new ListenableFutureAdapter<>(source);
  }

  /**
   * A live {@link CompletableFuture} view of {@code future}, of either kind; for a future made by
   * {@link #from(CompletableFuture)}, the original {@code CompletableFuture} itself.
   *
   * <ul>
   *   <li>The view is completed by a done callback of {@code future}: in the thread that
   *       completes an executor future (or at once, if it is done), on the loop thread for a
   *       loop future (registered there through {@code callSoonThreadsafe}). It holds the same
   *       failure object; a cancellation as the {@link dev.tandem.api.CancelledException} that
   *       carries the cancel message, which {@code get}, {@code join} and {@code getNow} throw
   *       as it is on every JDK.
   *   <li>{@code cancel} on the view, or {@code completeExceptionally} with a {@link
   *       CancellationException}, cancels {@code future} with that exception's message. {@code
   *       cancel} returns true whenever the view is cancelled afterwards, also when it already
   *       was (the JDK's contract). A loop future is cancelled on its loop's thread and the view
   *       at once; an executor future at once, so a running task, which cannot be cancelled,
   *       leaves the view pending and {@code cancel} returns false. A view that is done never
   *       cancels {@code future}.
   *   <li>Completing the view any other way ({@code complete}, {@code completeExceptionally}
   *       with another failure, {@code obtrude…}) changes only the view.
   *   <li>{@code get}, {@code get(timeout)} and {@code join} on a view that is not done throw
   *       {@link dev.tandem.api.BlockingOnLoopException} on a running event loop's thread, and so
   *       do those of its dependent stages, which are of the same class.
   *   <li>A loop future whose loop is closed can no longer complete: the view of a pending one
   *       is cancelled at once, with a message saying so.
   * </ul>
   *
   * @throws NullPointerException if {@code future} is null
   */
  public static <T extends @Nullable Object> CompletableFuture<T> asCompletableFuture(
      AsyncFuture<T> future) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (future instanceof CompletableFutureAdapter<T> adapter) {
      return adapter.source;
    }
    return CompletableFutureView.of(future);
  }

  /**
   * A new {@link SettableExecutorFuture}, pending: an executor future its producer completes
   * with {@code setResult} / {@code setException}. See that interface for the threading rules.
   */
  public static <T extends @Nullable Object> SettableExecutorFuture<T> settable() {
    return new SettableFuture<>();
  }

  /**
   * Like {@link #settable()}, with context propagation: each done callback runs in the context of
   * the thread that added it ({@code propagator} captures it at {@code addDoneCallback}), on the
   * thread that completes the future, and that thread holds afterwards what it held before; a
   * callback added once the future is done runs at once in the adding thread, as always. The
   * future is a {@link dev.tandem.api.ContextCarrier}, so its views and the combinators over it
   * capture with the same propagator. With {@link ContextPropagator#none()} this is {@link
   * #settable()}.
   *
   * @throws NullPointerException if {@code propagator} is null
   */
  public static <T extends @Nullable Object> SettableExecutorFuture<T> settable(
      ContextPropagator propagator) {
    if (propagator == null) {
      throw new NullPointerException("propagator");
    }
    return propagator == ContextPropagator.none()
        ? new SettableFuture<>()
        : new SettableFuture.InContext<>(CancelScope.travellingWith(propagator));
  }

  /**
   * A live {@link ListenableFuture} view of {@code future}; for a future made by {@link
   * #from(ListenableFuture)}, the original {@code ListenableFuture} itself.
   *
   * <p>The view has no state of its own. A listener runs on its executor once {@code future} is
   * done; with a direct executor, in the completing thread (or at once in the thread adding it).
   * An exception thrown by {@code executor.execute} is logged like a throwing done callback.
   * {@code cancel} on the view cancels {@code future} and returns true only if this call
   * cancelled it; {@code get} on the view is {@code future.get}, so a cancellation throws a
   * {@link dev.tandem.api.CancelledException} carrying the cancel message.
   *
   * @throws NullPointerException if {@code future} is null
   */
  public static <T extends @Nullable Object> ListenableFuture<T> asListenableFuture(
      ExecutorFuture<T> future) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (future instanceof ListenableFutureAdapter) {
      return ((ListenableFutureAdapter<T>) future).source;
    }
    return new ListenableFutureView<>(future);
  }

  /** A future that already succeeded with {@code value}. */
  public static <T extends @Nullable Object> ExecutorFuture<T> completed(T value) {
    return new CompletableFutureAdapter<>(CompletableFuture.completedFuture(value));
  }

  /**
   * A future that already failed with {@code failure}; {@code exception()} returns that object.
   *
   * @throws NullPointerException if {@code failure} is null
   * @throws IllegalArgumentException if {@code failure} is a {@link CancellationException}: use
   *     {@link #cancelled(String)}
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> failed(Throwable failure) {
    SettableFuture.requireFailure(failure, "use cancelled(message)");
    return new CompletableFutureAdapter<>(CompletableFuture.failedFuture(failure));
  }

  /** A future that is already cancelled with {@code message} ({@code null} for none). */
  public static <T extends @Nullable Object> ExecutorFuture<T> cancelled(
      @Nullable String message) {
    ExecutorFuture<T> future = new CompletableFutureAdapter<>(new CompletableFuture<>());
    future.cancel(message);
    return future;
  }
}
