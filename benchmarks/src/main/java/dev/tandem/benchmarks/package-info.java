/**
 * JMH benchmarks of Tandem side by side with what users would pick instead: {@code
 * CompletableFuture}, Guava's {@code SettableFuture}, Netty's {@code DefaultPromise} and {@code
 * DefaultEventLoop}, kotlinx-coroutines' {@code CompletableDeferred} and a single-thread {@code
 * ExecutorService}.
 *
 * <p>One class per family of the benchmark plan ({@code docs/benchmarks.md} explains each);
 * benchmark methods are named {@code variant_competitor}, and every variant has a {@code tandem}
 * method that the others are compared with. All scores are average times (lower is better).
 * Nothing here is public API; run the set with {@code scripts/run-benchmarks.sh}.
 */
@NullMarked
package dev.tandem.benchmarks;

import org.jspecify.annotations.NullMarked;
