/**
 * Conversions between Reactor's {@link reactor.core.publisher.Mono} and Tandem's two kinds of
 * future, through the facade {@link dev.tandem.reactor.TandemMonos}.
 *
 * <p>What is here: a {@code Mono} as an {@link dev.tandem.api.ExecutorFuture} or as a {@link
 * dev.tandem.api.LoopFuture} of a given loop, and any {@link dev.tandem.api.AsyncFuture} as a
 * {@code Mono}. The other future types ({@code CompletableFuture}, Guava's {@code
 * ListenableFuture}, Kotlin's {@code Deferred}) reach a {@code Mono} through an executor future
 * ({@code dev.tandem.threads.ExecutorFutures}, {@code tandem-interop}). Reactor's {@code
 * Context} and Tandem's context propagation meet here, through Micrometer's context-propagation
 * (see {@link dev.tandem.reactor.TandemMonos}). What is not here: {@code Flux} (a future has one
 * outcome).
 *
 * <h2>Words</h2>
 *
 * The words of the other modules, with one addition. A <b>source</b> is what a conversion reads
 * its outcome from. A <b>view</b> has a state of its own, copied from its source, and cancelling
 * it cancels the source: the futures made from a {@code Mono} are views (their source is the one
 * subscription they hold). A {@code Mono} made from a future has no state at all: it is a
 * <b>recipe</b> each subscriber runs, observing the same future; a subscriber's cancel is that
 * subscriber losing interest, and cancels the future only where the method's name says so.
 *
 * <p>The rules every conversion here follows are in this module's {@code README.md}, once.
 */
@NullMarked
package dev.tandem.reactor;

import org.jspecify.annotations.NullMarked;
