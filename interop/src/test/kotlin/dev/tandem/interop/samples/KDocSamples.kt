package dev.tandem.interop.samples

import com.google.common.util.concurrent.Futures
import com.google.common.util.concurrent.ListenableFuture
import com.google.common.util.concurrent.ListeningExecutorService
import com.google.common.util.concurrent.MoreExecutors
import dev.tandem.api.ContextPropagator
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.interop.asCompletableFuture
import dev.tandem.interop.asCompletedFlow
import dev.tandem.interop.asContextElement
import dev.tandem.interop.asCoroutineDispatcher
import dev.tandem.interop.asDeferred
import dev.tandem.interop.asExecutorFuture
import dev.tandem.interop.asListenableFuture
import dev.tandem.interop.asLoopFuture
import dev.tandem.interop.await
import dev.tandem.interop.awaitOrCancel
import dev.tandem.interop.awaitWithTimeout
import dev.tandem.interop.launchFuture
import dev.tandem.interop.submitCoroutine
import dev.tandem.threads.FutureExecutor
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/*
 * The examples in the interop module's KDoc. Each public function of src/main that has one names
 * a function of this file with `@sample`, and Dokka shows that function's body (not its
 * signature, hence the comments in the bodies) on the function's page. They are ordinary code:
 * compiled with the tests and run, with what they return checked, by KDocSamplesTest, which also
 * fails the build if an `@sample` names a function missing here.
 */

// ---- Await.kt ----

/** A coroutine suspends until a task on a thread pool is done and gets its value. */
suspend fun awaitSample(pool: FutureExecutor): Int {
    val answer: ExecutorFuture<Int> = pool.submit<Int> { 6 * 7 }
    return answer.await() // suspends the coroutine; no thread waits
}

/**
 * The coroutine is the query's only consumer, so when it gives up (here after a timeout) the
 * query is cancelled too. Returns null if it gave up.
 */
suspend fun awaitOrCancelSample(query: ExecutorFuture<String>): String? {
    // This coroutine is the only consumer of query: if it gives up, cancel the query too.
    val row: String? = withTimeoutOrNull(100.milliseconds) {
        query.awaitOrCancel()
    }
    return row // null: timed out, and query is cancelled
}

/**
 * Waits at most two seconds for a price; returns null if it is not there yet. Running out of
 * time cancels nothing: the lookup keeps running and may be awaited again.
 */
suspend fun awaitWithTimeoutSample(price: ExecutorFuture<Int>): Int? {
    return try {
        price.awaitWithTimeout(2.seconds)
    } catch (e: TimeoutException) {
        null // price is not cancelled: it keeps running and may be awaited again
    }
}

// ---- Deferred.kt ----

/** Deferred views let Tandem futures join kotlinx-coroutines' own combinators, here `awaitAll`. */
suspend fun asDeferredSample(pool: FutureExecutor): List<Int> {
    val parts: List<ExecutorFuture<Int>> = listOf(1, 2, 3).map { n -> pool.submit<Int> { n * 10 } }
    return parts.map { it.asDeferred() }.awaitAll() // [10, 20, 30]
}

/**
 * Hands a coroutine's result to callback-style code on [loop]: the view completes, and its
 * callbacks run, on the loop thread.
 */
fun deferredAsLoopFutureSample(loop: EventLoop, scope: CoroutineScope): CompletableFuture<String> {
    val total: Deferred<Int> = scope.async { (1..4).sum() }
    val reported = CompletableFuture<String>()
    loop.callSoonThreadsafe {
        // Loop futures belong to the loop thread: add their callbacks there. They run there too.
        total.asLoopFuture(loop).addDoneCallback { view ->
            reported.complete("total ${view.result()} on ${Thread.currentThread().name}")
        }
    }
    return reported // "total 10 on <the loop thread>"
}

/** Gives thread-based code a handle on a coroutine's result, to wait for it with a timeout. */
fun deferredAsExecutorFutureSample(scope: CoroutineScope): Int {
    val total: Deferred<Int> = scope.async { (1..10).sum() }
    val handle: ExecutorFuture<Int> = total.asExecutorFuture()
    return handle.result(Duration.ofSeconds(5)) // blocks this thread: 55
}

// ---- LoopFutures.kt and ExecutorFutures.kt ----

/**
 * Code on [loop] hands work to a thread pool and gets the result back on the loop thread, where
 * it may touch loop-confined state without locks.
 */
fun asLoopFutureSample(loop: EventLoop, pool: FutureExecutor): CompletableFuture<String> {
    val reported = CompletableFuture<String>()
    loop.callSoonThreadsafe {
        val checksum: ExecutorFuture<Int> = pool.submit<Int> { "payload".hashCode() }
        // The view completes, and its callbacks run, on the loop thread.
        checksum.asLoopFuture(loop).addDoneCallback { view ->
            reported.complete("checksum ${view.result()} on ${Thread.currentThread().name}")
        }
    }
    return reported
}

/**
 * A thread outside [loop] waits, with a timeout, for a reply the loop produces. On the loop's own
 * thread the wait would fail fast with `BlockingOnLoopException` instead of deadlocking.
 */
fun loopFutureAsExecutorFutureSample(loop: EventLoop): String {
    val reply: LoopFuture<String> = loop.createFuture()
    loop.callLater(Duration.ofMillis(10)) { reply.setResult("pong") } // runs on the loop thread
    val handle: ExecutorFuture<String> = reply.asExecutorFuture()
    // Blocks this thread; on the loop's own thread it throws BlockingOnLoopException instead.
    return handle.result(Duration.ofSeconds(5))
}

// ---- CompletableFuture.kt ----

/** Hands a Tandem future to CompletableFuture-based code, here to combine it with another. */
fun asCompletableFutureSample(pool: FutureExecutor): CompletableFuture<String> {
    val price: ExecutorFuture<Int> = pool.submit<Int> { 40 }
    val shipping: CompletableFuture<Int> = CompletableFuture.supplyAsync({ 2 }, pool)
    return price.asCompletableFuture().thenCombine(shipping) { p, s -> "total ${p + s}" }
}

/**
 * Brings a CompletableFuture from a JDK API (such as `HttpClient.sendAsync`) into Tandem to wait
 * for it with a timeout. Giving up cancels the download too, and it keeps the message.
 */
fun completableFutureAsExecutorFutureSample(download: CompletableFuture<String>, patience: Duration): String? {
    // download: a CompletableFuture from a JDK API such as HttpClient.sendAsync
    val page: ExecutorFuture<String> = download.asExecutorFuture()
    return try {
        page.result(patience)
    } catch (e: TimeoutException) {
        page.cancel("no answer within $patience") // cancels download too, with this message
        null
    }
}

// ---- ListenableFuture.kt ----

/** Hands a Tandem future to Guava-based code, here to transform it with `Futures.transform`. */
fun asListenableFutureSample(pool: FutureExecutor): ListenableFuture<String> {
    val stock: ExecutorFuture<Int> = pool.submit<Int> { 7 }
    return Futures.transform(stock.asListenableFuture(), { n -> "$n in stock" }, MoreExecutors.directExecutor())
}

/** A coroutine awaits a Guava future from legacy code through its Deferred view. */
suspend fun listenableFutureAsDeferredSample(legacy: ListeningExecutorService): String {
    val user: ListenableFuture<String> = legacy.submit<String> { "user-42" }
    return user.asDeferred().await()
}

// ---- LoopDispatcher.kt ----

/**
 * Runs a block on [loop]'s thread, where it may create, complete and await the loop's futures
 * directly, without locks.
 */
suspend fun asCoroutineDispatcherSample(loop: EventLoop): String {
    return withContext(loop.asCoroutineDispatcher()) {
        // On the loop thread: loop futures may be used directly.
        val ready: LoopFuture<String> = loop.createFuture()
        loop.callSoon { ready.setResult("ready") } // callSoon and setResult: loop thread only
        "${ready.await()} on ${Thread.currentThread().name}"
    }
}

// ---- LoopCoroutines.kt ----

/**
 * Like Python's `asyncio.run(main())`: the calling thread runs [loop] until the coroutine's
 * future is done. The coroutine runs, and resumes after `await`, on the loop thread: here the
 * calling one.
 */
fun launchFutureSample(loop: EventLoop, pool: FutureExecutor): String {
    // Like asyncio.run(main()): this thread runs the loop until the coroutine is done.
    val main: LoopFuture<String> = loop.launchFuture {
        val answer = pool.submit<Int> { 6 * 7 }.await()
        "$answer, resumed on ${Thread.currentThread().name}" // the loop thread: this one
    }
    return loop.runUntilComplete(main)
}

/**
 * From a thread outside [loop] (asyncio's `run_coroutine_threadsafe`): runs a coroutine on the
 * loop thread and waits for its result with a timeout.
 */
fun submitCoroutineSample(loop: EventLoop): String {
    // From any thread but the loop's, like asyncio's run_coroutine_threadsafe.
    val reply: ExecutorFuture<String> = loop.submitCoroutine {
        delay(10)
        "pong from ${Thread.currentThread().name}" // the loop thread
    }
    return reply.result(Duration.ofSeconds(5))
}

// ---- AsCompleted.kt ----

/**
 * Reports each price lookup as soon as it is done, in the order they finish; a failed lookup is
 * reported, not thrown.
 */
suspend fun asCompletedFlowSample(lookups: List<ExecutorFuture<Int>>): List<String> {
    // In the order the lookups finish; a failed lookup is emitted too, not thrown.
    val report: List<String> = lookups.asCompletedFlow()
        .map { lookup -> lookup.exception()?.let { "failed: ${it.message}" } ?: "price ${lookup.result()}" }
        .toList()
    return report
}

// ---- ContextElements.kt ----

/**
 * A request id in a plain `ThreadLocal`, captured when the coroutine starts, is current in the
 * coroutine after every suspension, on whichever thread of [scope] resumes it.
 */
suspend fun asContextElementSample(requestId: ThreadLocal<String>, scope: CoroutineScope): String {
    val propagator = ContextPropagator.ofThreadLocals(requestId) // usually a constant
    requestId.set("req-42")
    val handling = scope.async(propagator.capture().asContextElement()) {
        delay(10) // resumes on any thread of the scope's dispatcher
        "handled ${requestId.get()}"
    }
    requestId.remove()
    return handling.await()
}
