/**
 * The contract test kit: abstract JUnit Jupiter suites, one per contract, that every
 * implementation subclasses once with only a factory (views included).
 *
 * <ul>
 *   <li>{@link dev.tandem.api.contract.AsyncFutureContract}: what both kinds of future share
 *       (states, results, failures, cancellation with its message, callbacks and their removal).
 *   <li>{@link dev.tandem.api.contract.ExecutorFutureContract}: adds the executor-future rules
 *       (blocking waits and timeouts, interruption, the deadlock guard, callbacks in the
 *       completing thread, the report of a throwing callback, {@code toString()}, deep chains).
 *   <li>{@link dev.tandem.api.contract.LoopFutureContract}: adds the loop-future rules (callbacks
 *       always scheduled on the loop and never inline, wrong-thread calls fail fast naming both
 *       threads, completing a done future throws, {@code cancel()} is true only for the call that
 *       cancelled).
 *   <li>{@link dev.tandem.api.contract.HostedLoopFutureContract}: the same loop-future rules for
 *       the futures of a loop hosted on someone else's thread, run on that thread.
 *   <li>{@link dev.tandem.api.contract.EventLoopContract}: the {@link dev.tandem.api.EventLoop}
 *       rules (FIFO order, cross-thread submission, timers, handles, lifecycle, close and its
 *       close actions, bad input), with start and stop hooks a loop hosted on someone else's
 *       thread overrides.
 * </ul>
 *
 * The kit uses only {@code dev.tandem.api}; what it cannot express there (where a throwing
 * callback is reported, how a view's completion reaches its loop) the subclass provides through
 * the suite's hooks. Test methods are public, so subclasses in other packages and in Kotlin see
 * them; no implementation disables any. A test that does not apply to a kind of loop (scheduling
 * before a hosted loop runs) is skipped by a JUnit assumption that names why. Shipped as the {@code tandem-api} test-jar
 * ({@code <type>test-jar</type>}); it needs {@code junit-jupiter} and {@code awaitility} on the
 * test class path.
 */
@NullMarked
package dev.tandem.api.contract;

import org.jspecify.annotations.NullMarked;
