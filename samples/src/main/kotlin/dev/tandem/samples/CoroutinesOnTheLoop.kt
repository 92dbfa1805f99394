@file:JvmName("CoroutinesOnTheLoop")

package dev.tandem.samples

import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.interop.await
import dev.tandem.interop.awaitOrCancel
import dev.tandem.interop.launchFuture
import dev.tandem.loop.EventLoops
import dev.tandem.threads.FutureExecutor
import java.io.PrintStream
import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/*
 * Coroutines on a Tandem loop: they await executor futures and loop futures alike, use
 * structured concurrency, and carry a cancel message from a coroutine into an executor task
 * and back.
 */

fun main() = coroutinesOnTheLoop(System.out)

/** Runs the sample, printing to [out]. */
fun coroutinesOnTheLoop(out: PrintStream) {
    val loop = EventLoops.newEventLoop()
    // One worker thread, so a second task has to wait in the queue (part 3 needs that).
    FutureExecutor.newFixedPool(1, "worker").use { pool ->
        try {
            // Like Python's asyncio.run(main()): the loop runs on this thread until main is done.
            loop.runUntilComplete(loop.launchFuture { mainCoroutine(loop, pool, out) })
        } finally {
            loop.close()
        }
    } // waits for the pool's tasks
}

private suspend fun mainCoroutine(loop: EventLoop, pool: FutureExecutor, out: PrintStream) {
    out.println("1. awaiting both kinds of future")
    awaitBothKinds(loop, pool, out)
    out.println("2. structured concurrency")
    structuredConcurrency(loop, pool, out)
    out.println("3. a cancel message from a coroutine to an executor task and back")
    cancelWithMessage(pool, out)
}

private suspend fun awaitBothKinds(loop: EventLoop, pool: FutureExecutor, out: PrintStream) {
    val price: ExecutorFuture<Int> = pool.submit<Int> { 6 * 7 } // completed on the worker thread
    val stock: LoopFuture<Int> = loop.createFuture() // completed by a loop timer
    loop.callLater(Duration.ofMillis(30)) { stock.setResult(7) }

    // No thread blocks: the coroutine suspends, and resumes on the loop thread.
    out.println("   price ${price.await()} (pool), stock ${stock.await()} (loop timer), resumed on ${thread()}")
}

private suspend fun structuredConcurrency(loop: EventLoop, pool: FutureExecutor, out: PrintStream) {
    // Children run concurrently on the loop; the scope waits for both.
    val quote = coroutineScope {
        val price = async { pool.submit<Int> { 40 }.await() }
        val shipping = async { delay(20); 2 } // delay() is a loop timer, not a sleeping thread
        price.await() + shipping.await()
    }
    out.println("   quote = $quote")

    // A failing child cancels its siblings, and the scope rethrows the task's own exception.
    val confirmation: LoopFuture<String> = loop.createFuture() // nobody will complete it
    try {
        coroutineScope {
            launch {
                try {
                    confirmation.await()
                } catch (e: CancellationException) {
                    // await() does not cancel the future it waits for: it may have other consumers.
                    out.println("   sibling cancelled; the loop future it awaited is still pending: ${!confirmation.isDone}")
                    throw e
                }
            }
            launch { pool.submit<Int> { throw IllegalStateException("inventory service down") }.await() }
        }
    } catch (e: IllegalStateException) {
        out.println("   scope failed with the task's own exception: ${e.message}")
    }
}

private suspend fun cancelWithMessage(pool: FutureExecutor, out: PrintStream) = coroutineScope {
    // Occupy the only worker, so the report task waits in the queue (a running task can't be cancelled).
    val gate = CountDownLatch(1)
    val busy = pool.submit<Boolean> { gate.await(10, TimeUnit.SECONDS) }
    val reportRan = AtomicBoolean(false)
    val report: ExecutorFuture<String> = pool.submit<String> { reportRan.set(true); "quarterly report" }

    // The viewer is the report's owner: awaitOrCancel() cancels the future if the viewer is cancelled.
    val viewer = launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            report.awaitOrCancel()
        } catch (e: CancellationException) {
            out.println("   viewer coroutine cancelled: ${e.message}")
            throw e
        }
    }
    // Another consumer, which only listens: plain await().
    val auditor = async(start = CoroutineStart.UNDISPATCHED) {
        try {
            report.await()
            null
        } catch (e: CancellationException) {
            e
        }
    }

    viewer.cancel("user closed the report window") // kotlinx Job.cancel(message)
    viewer.join()
    out.println("   executor task cancelled: ${report.isCancelled}")
    val back = auditor.await()
    out.println("   back in another coroutine: ${back?.javaClass?.simpleName}: ${back?.message}")

    gate.countDown() // let the busy task finish; the cancelled report task is skipped
    busy.await()
    pool.submit<Unit> {}.await() // everything queued before this has been dealt with
    out.println("   report task ever ran: ${reportRan.get()}")
}

private fun thread(): String = Thread.currentThread().name
