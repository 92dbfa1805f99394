package dev.tandem.reactor;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.LoopFutures;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Converts between Reactor's {@link Mono} and Tandem's futures: a {@code Mono} as an {@link
 * ExecutorFuture} or a {@link LoopFuture}, and any {@link AsyncFuture} as a {@code Mono}. Named
 * after the foreign type, like {@code tandem-interop}'s Java facades ({@code TandemDeferreds},
 * {@code TandemCompletableFutures}, …).
 *
 * <h2>How to use it</h2>
 *
 * A WebFlux or Reactor-based client returns {@code Mono}s; {@link #asExecutorFuture} gives a
 * future to code that waits on threads or groups futures, {@link #asLoopFuture} one that an
 * event loop's callbacks and combinators use. The other way, {@link #asMono} hands a Tandem
 * future to a reactive pipeline. {@code CompletableFuture} and {@code ListenableFuture} go
 * through {@code ExecutorFutures.from} / {@code asCompletableFuture} / {@code asListenableFuture}.
 * Runnable example: {@code TandemMonosExampleTest} in this module's tests.
 *
 * <h2>The rules, once</h2>
 *
 * The value crosses, and so does the failure, as the same object ({@code CompletionException}
 * and {@code ExecutionException} wrappers stripped by {@link dev.tandem.api.Failures#unwrap}).
 * An <b>empty</b> {@code Mono} is a future whose value is {@code null}, and a future whose value
 * is {@code null} is an empty {@code Mono} (Reactor's own {@code Mono.toFuture} and {@code
 * Mono.fromFuture} do the same, and a {@code Mono<Void>} must convert to a successful future). A
 * cancelled future is a {@code Mono} that errors with the future's {@link
 * dev.tandem.api.CancelledException} (its message is the cancel message); a {@code Mono} that
 * errors with a {@link java.util.concurrent.CancellationException} is a cancelled future with
 * that exception's message. Reactor's cancel has no message: what a subscription's cancel
 * cancels carries a fixed message, and what cancels a subscription loses its message. The
 * module's {@code README.md} states the threads each path completes on.
 *
 * <h2>Context propagation</h2>
 *
 * Reactor keeps a request's context in the subscriber's {@code Context}; Tandem in thread-locals,
 * captured where work is registered. The two meet through Micrometer's context-propagation
 * library (an optional dependency; its global {@code ContextRegistry}, as Reactor's own
 * {@code contextCapture()} uses), where a propagating loop or executor takes part:
 *
 * <ul>
 *   <li>{@link #asMono} / {@link #asCancellingMono} of a future whose loop or executor propagates
 *       context signal each subscriber with the thread-locals of its {@code Context} set, so the
 *       operators downstream, and Tandem code registered there (a task submitted, a callback
 *       added), see the values of the Reactor {@code Context} as thread-locals;
 *   <li>{@link #asLoopFuture} on a loop with propagation subscribes with the calling thread's
 *       thread-locals in the {@code Context} ({@code contextCapture()}), so the {@code Mono}'s
 *       operators see the caller's Tandem context; the loop future's callbacks run in their
 *       registrants' context, as on every loop future of that loop;
 *   <li>{@link #asExecutorFuture} has no loop or executor: it captures nothing. Convert {@code
 *       mono.contextCapture()} for the calling thread's thread-locals in the {@code Context}.
 * </ul>
 *
 * Without the library, or without propagation on the Tandem side, nothing is captured or set.
 *
 * <p>Thread safety: every method may be called from any thread, and none blocks.
 */
public final class TandemMonos {
  private TandemMonos() {}

  /**
   * Subscribes to {@code mono} once, now, and returns an executor future of its outcome: a view
   * with a state of its own. Its callbacks run in the thread that signals the {@code Mono}'s
   * outcome (a Reactor scheduler's thread, an I/O thread), or at once in this thread for a
   * {@code Mono} that signals during {@code subscribe}. Cancelling the future cancels the
   * subscription, and so the {@code Mono}'s work upstream (barring a race with its outcome,
   * which the future then drops: a value to Reactor's discard hook, a failure to its {@code
   * onErrorDropped} hook). Captures no context: subscribe {@code mono.contextCapture()} to give
   * the {@code Mono} the calling thread's thread-locals in its {@code Context}.
   *
   * @throws NullPointerException if {@code mono} is null
   */
  public static <T> ExecutorFuture<@Nullable T> asExecutorFuture(Mono<T> mono) {
    Objects.requireNonNull(mono, "mono");
    return MonoSubscriberFuture.subscribe(mono);
  }

  /**
   * Subscribes to {@code mono} once, now, and returns a loop future of {@code loop} with its
   * outcome: {@link #asExecutorFuture} seen through {@link LoopFutures#adopt}, so the outcome
   * arrives on the loop thread through {@code callSoonThreadsafe}, cancelling the loop future
   * cancels the subscription, and closing the loop cancels both. On a loop with context
   * propagation the subscription's {@code Context} holds the calling thread's thread-locals
   * ({@code mono.contextCapture()}, with Micrometer's context-propagation on the class path).
   *
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if {@code loop} is closed; {@code mono} is then not
   *     subscribed (or, if the loop closed during this call, its subscription is cancelled)
   */
  public static <T> LoopFuture<@Nullable T> asLoopFuture(Mono<T> mono, EventLoop loop) {
    Objects.requireNonNull(mono, "mono");
    Objects.requireNonNull(loop, "loop");
    if (loop.isClosed()) {
      throw new RejectedExecutionException("the event loop " + loop + " is closed");
    }
    /*
     * A loop with propagation takes part: the subscription's Context gets the calling thread's
     * thread-locals, as Reactor's contextCapture() puts them there (a no-op without
     * context-propagation on the class path).
     */
    Mono<T> subscribed =
        ContextCarrier.propagatorOf(loop) == ContextPropagator.none() ? mono : mono.contextCapture();
    ExecutorFuture<@Nullable T> source = MonoSubscriberFuture.subscribe(subscribed);
    try {
      return LoopFutures.adopt(loop, source);
    } catch (RejectedExecutionException closed) {
      source.cancel("the event loop " + loop + " closed");
      throw closed;
    }
  }

  /**
   * A {@code Mono} of {@code future}'s outcome. Each subscriber observes the same future, from
   * its first {@code request} on; subscribing never starts or repeats any work (the future's
   * work is already under way; wrap the call that starts it in {@code Mono.defer} for a {@code
   * Mono} that starts new work per subscriber). The outcome is signalled in the thread that
   * completes an executor future (at once in the requesting thread if it is done), on the loop
   * thread for a loop future; a loop future whose loop closes while it is pending errors with a
   * {@link dev.tandem.api.CancelledException} saying so. A subscriber's cancel deregisters that
   * subscriber and does <b>not</b> cancel the future, which may have other consumers (as for
   * Tandem's {@code await} and kotlinx's {@code Deferred.asMono}); {@link #asCancellingMono}
   * does. For a future whose loop or executor propagates context, each subscriber is signalled
   * with the thread-locals of its {@code Context} set (with Micrometer's context-propagation on
   * the class path), and the thread holds afterwards what it held before.
   *
   * @throws NullPointerException if {@code future} is null
   */
  public static <T> Mono<T> asMono(AsyncFuture<? extends @Nullable T> future) {
    Objects.requireNonNull(future, "future");
    return new FutureMono<>(future, false);
  }

  /**
   * Like {@link #asMono}, but a subscriber's cancel also cancels {@code future}, unless it is
   * done, with the message {@code "cancelled by the subscriber of its Mono"} (a loop future on
   * its loop's thread). Use it where the {@code Mono} is the future's only consumer, so that a
   * {@code timeout}, a {@code take} or a disposed subscription stops the work.
   *
   * @throws NullPointerException if {@code future} is null
   */
  public static <T> Mono<T> asCancellingMono(AsyncFuture<? extends @Nullable T> future) {
    Objects.requireNonNull(future, "future");
    return new FutureMono<>(future, true);
  }
}
