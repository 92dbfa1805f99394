@file:JvmName("AwaitLoops")

package dev.tandem.benchmarks

import com.google.common.util.concurrent.ListenableFuture
import com.google.common.util.concurrent.SettableFuture
import dev.tandem.api.AsyncFuture
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import dev.tandem.interop.await as tandemAwait
import kotlinx.coroutines.future.await as kotlinxAwait
import kotlinx.coroutines.guava.await as kotlinxGuavaAwait

/*
 * Family 5's coroutine side, called from AwaitBenchmark: one runBlocking per batch, and inside it
 * `times` awaits, so the cost of runBlocking itself is spread over the batch.
 *
 * "Done": the future is already complete when awaited (the fast path).
 * "Later": the future is completed by another coroutine of the same runBlocking after the
 * awaiting one suspended: `launch` is dispatched, so it runs only once the await suspended; its
 * completion resumes the awaiting coroutine through runBlocking's event loop. Single-threaded and
 * deterministic; every competitor pays for the same launch.
 */

fun awaitDoneTandem(future: AsyncFuture<Int>, times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { sum += future.tandemAwait() }
  sum
}

fun awaitDoneCf(future: CompletableFuture<Int>, times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { sum += future.kotlinxAwait() }
  sum
}

fun awaitDoneGuava(future: ListenableFuture<Int>, times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { sum += future.kotlinxGuavaAwait() }
  sum
}

fun awaitLaterTandem(times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { i ->
    val source = CompletableFuture<Int>()
    val future = ExecutorFutures.from(source)
    launch { source.complete(i) }
    sum += future.tandemAwait()
  }
  sum
}

fun awaitLaterCf(times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { i ->
    val future = CompletableFuture<Int>()
    launch { future.complete(i) }
    sum += future.kotlinxAwait()
  }
  sum
}

fun awaitLaterGuava(times: Int): Long = runBlocking {
  var sum = 0L
  repeat(times) { i ->
    val future = SettableFuture.create<Int>()
    launch { future.set(i) }
    sum += future.kotlinxGuavaAwait()
  }
  sum
}
