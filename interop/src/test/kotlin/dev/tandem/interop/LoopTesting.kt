package dev.tandem.interop

import dev.tandem.api.AsyncFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import java.util.function.Consumer
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** How long a test waits for another thread before it fails (never a sleep). */
internal const val WAIT_SECONDS: Long = 5

/**
 * Runs [block] on [this] loop's thread through `callSoonThreadsafe` and returns its result,
 * waiting at most [WAIT_SECONDS]. Everything queued on the loop from this thread before runs
 * first (FIFO per submitting thread).
 */
internal fun <R> EventLoop.onLoop(block: () -> R): R {
    val result = CompletableFuture<R>()
    callSoonThreadsafe {
        try {
            result.complete(block())
        } catch (t: Throwable) {
            result.completeExceptionally(t)
        }
    }
    return result.get(WAIT_SECONDS, TimeUnit.SECONDS)
}

/** Waits at most [WAIT_SECONDS] for [this] to complete and returns its value. */
internal fun <R> CompletableFuture<R>.getWithin(): R = get(WAIT_SECONDS, TimeUnit.SECONDS)

/** Runs [block] on a new thread named [name] and waits for it to finish. */
internal fun onNewThread(name: String, block: () -> Unit) {
    val done = CompletableFuture<Unit>()
    Thread({
        try {
            block()
            done.complete(Unit)
        } catch (t: Throwable) {
            done.completeExceptionally(t)
        }
    }, name).start()
    done.getWithin()
}

/** A real executor future that counts the calls a conversion makes on it. */
internal class CountingFuture(private val real: ExecutorFuture<String>) : ExecutorFuture<String> by real {
    @Volatile var cancels = 0
    @Volatile var removals = 0

    override fun cancel(message: String?): Boolean {
        cancels++
        return real.cancel(message)
    }

    override fun cancel(): Boolean = cancel(null)

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean = cancel(null)

    override fun removeDoneCallback(callback: Consumer<in AsyncFuture<String>>): Int {
        removals++
        return real.removeDoneCallback(callback)
    }
}

