/**
 * Executor futures: Python's {@code concurrent.futures} for the JVM, built on the futures Java
 * code already has.
 *
 * <p>What is here: {@link dev.tandem.threads.ExecutorFutures} (adapters from and live views to
 * {@code CompletableFuture} and Guava's {@code ListenableFuture}, plus done futures), {@link
 * dev.tandem.threads.FutureExecutor} (a thread pool whose tasks report a running state),
 * {@link dev.tandem.threads.FutureWaits} (blocking group waits and as-completed iteration over
 * any mix of executor and loop futures) and {@link dev.tandem.threads.ExecutorCombinators}
 * (non-blocking composition: map, compose, recover, andFinally, and group operations over any
 * mix of executor and loop futures, each returning an executor future), {@link
 * dev.tandem.threads.TaskGroup} (structured concurrency: children on pools and loops that end
 * before the block that started them) and {@link dev.tandem.threads.Deadline} (a time limit for
 * a block, which Tandem's waits inside it obey).
 *
 * <p>Words, used the same way in every module: a <em>source</em> is the future something reads
 * its outcome from; an <em>adapter</em> ({@code ExecutorFutures.from}) has no state of its own,
 * its state is its source's, read live; a <em>view</em> ({@code ExecutorFutures.as…}) has a state
 * of its own, copied from its source, and cancelling it cancels the source. {@link
 * dev.tandem.threads.SettableExecutorFuture} ({@code ExecutorFutures.settable()}) is an executor
 * future its producer completes itself.
 *
 * <p>What is not here: the event loop and its futures ({@code tandem-loop}), and conversions to
 * loop futures or Kotlin's {@code Deferred} ({@code tandem-interop}). Every implementation class
 * is package-private; only the final classes above and the {@link
 * dev.tandem.threads.SettableExecutorFuture} interface are public.
 *
 * <p>Scopes: an open {@code TaskGroup} or {@code Deadline} is the current scope of the thread
 * that opened it, kept in a thread-local (and exposed to Tandem's context propagation as a
 * package-private {@code ContextPropagator}); a group's children run with the group as their
 * scope on whichever thread runs them. Every blocking wait of this package looks at the current
 * scope: it ends with the scope's cancellation and waits no longer than its deadline.
 *
 * <p>Every type is null-marked (JSpecify): a parameter or result may be null only where it says
 * {@code @Nullable}.
 */
@NullMarked
package dev.tandem.threads;

import org.jspecify.annotations.NullMarked;
