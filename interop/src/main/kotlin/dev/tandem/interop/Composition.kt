@file:JvmName("TandemComposition")

package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.loop.LoopFutures
import dev.tandem.threads.ExecutorCombinators

/*
 * Kotlin spellings of the composition operators of LoopFutures (loop kind) and
 * ExecutorCombinators (executor kind): the same names, as extensions, so each kind keeps its
 * rules (see those classes' Javadoc). Java callers use the two facades directly; these are
 * hidden from Java (@JvmSynthetic) so Java sees one way only.
 *
 * In a coroutine, `await()` is usually the better tool: `val n = future.await().length` reads
 * as the sequential code it is, and a failure is an exception at that line. These operators are
 * for code that hands a future on without suspending: a library function that returns a future,
 * a callback-style API, a value kept in a field.
 */

/**
 * `LoopFutures.map`: a loop future of the same loop with [transform] of this future's value;
 * [transform] runs later on the loop thread, never inline. Cancellation crosses both ways with
 * its message. In a coroutine, prefer `await()`.
 */
@JvmSynthetic
public fun <I, O> LoopFuture<I>.map(transform: (I) -> O): LoopFuture<O> = LoopFutures.map(this, transform)

/**
 * `LoopFutures.compose`: a loop future of the same loop that completes like the future
 * [transform] returns, of either kind or another loop. In a coroutine, prefer `await()`.
 */
@JvmSynthetic
public fun <I, O> LoopFuture<I>.compose(transform: (I) -> AsyncFuture<out O>): LoopFuture<O> =
    LoopFutures.compose(this, transform)

/** `LoopFutures.recover` for failures of type [X]; a cancellation is never recovered. */
@JvmSynthetic
public inline fun <T, reified X : Throwable> LoopFuture<T>.recover(noinline handler: (X) -> T): LoopFuture<T> =
    LoopFutures.recover(this, X::class.java, handler)

/** `LoopFutures.andFinally`: runs [action] once this future is done, whatever its outcome. */
@JvmSynthetic
public fun <T> LoopFuture<T>.andFinally(action: () -> Unit): LoopFuture<T> = LoopFutures.andFinally(this, action)

/**
 * `ExecutorCombinators.map`: an executor future with [transform] of this future's value,
 * computed in the thread that completes this future. In a coroutine, prefer `await()`.
 */
@JvmSynthetic
public fun <I, O> ExecutorFuture<I>.map(transform: (I) -> O): ExecutorFuture<O> =
    ExecutorCombinators.map(this, transform)

/** `ExecutorCombinators.compose`: completes like the future [transform] returns, of either kind. */
@JvmSynthetic
public fun <I, O> ExecutorFuture<I>.compose(transform: (I) -> AsyncFuture<out O>): ExecutorFuture<O> =
    ExecutorCombinators.compose(this, transform)

/** `ExecutorCombinators.recover` for failures of type [X]; a cancellation is never recovered. */
@JvmSynthetic
public inline fun <T, reified X : Throwable> ExecutorFuture<T>.recover(noinline handler: (X) -> T): ExecutorFuture<T> =
    ExecutorCombinators.recover(this, X::class.java, handler)

/** `ExecutorCombinators.andFinally`: runs [action] once this future is done, whatever its outcome. */
@JvmSynthetic
public fun <T> ExecutorFuture<T>.andFinally(action: () -> Unit): ExecutorFuture<T> =
    ExecutorCombinators.andFinally(this, action)
