package dev.tandem.interop

/*
 * The interop views run the api test-jar's contract kit with only a factory: executor-future
 * views through ExecutorFutureContract, loop-future views through LoopFutureContract. A subject
 * completes the view's source; a loop view's subject then runs the loop until the outcome has
 * crossed in.
 */

import com.google.common.util.concurrent.SettableFuture
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.api.LoopFuture
import dev.tandem.api.contract.ExecutorFutureContract
import dev.tandem.api.contract.LoopFutureContract
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach

/** The logger of `tandem-jvm-threads`, whose adapter every executor-future view is. */
private const val THREADS_LOGGER = "dev.tandem.threads"

/** [ExecutorFutureContract] for a view whose source `onComplete` and `onFail` complete. */
internal abstract class ExecutorViewContract : ExecutorFutureContract() {
    protected fun <T> subject(
        view: ExecutorFuture<T>,
        onComplete: (T) -> Unit,
        onFail: (Throwable) -> Unit,
    ): ExecutorSubject<T> = object : ExecutorSubject<T> {
        override fun future(): ExecutorFuture<T> = view

        override fun complete(value: T) = onComplete(value)

        override fun fail(failure: Throwable) = onFail(failure)
    }

    override fun recordCallbackFailures(): CallbackFailures = logRecordsOf(THREADS_LOGGER)
}

/**
 * [LoopFutureContract] for a view on a loop of its own whose source `onComplete` and `onFail`
 * complete; the subject then runs the loop until the outcome has crossed into the view.
 */
internal abstract class LoopViewContract : LoopFutureContract() {
    private val loop: EventLoop = EventLoops.builder().exceptionHandler { _, _ -> }.build()

    @AfterEach
    fun closeLoop() = loop.close()

    override fun loop(): EventLoop = loop

    protected fun <T> subject(
        view: LoopFuture<T>,
        onComplete: (T) -> Unit,
        onFail: (Throwable) -> Unit,
    ): LoopSubject<T> = object : LoopSubject<T> {
        override fun future(): LoopFuture<T> = view

        override fun complete(value: T) {
            onComplete(value)
            runLoopUntilDone(view)
        }

        override fun fail(failure: Throwable) {
            onFail(failure)
            runLoopUntilDone(view)
        }
    }
}

/** `Deferred.asExecutorFuture()`. */
internal class DeferredAsExecutorFutureContractTest : ExecutorViewContract() {
    override fun <T> newSubject(): ExecutorSubject<T> {
        val deferred = CompletableDeferred<T>()
        return subject(deferred.asExecutorFuture(), { deferred.complete(it) }, { deferred.completeExceptionally(it) })
    }
}

/** `CompletableFuture.asExecutorFuture()` (interop's, which keeps the cancel message in the source). */
internal class CompletableFutureAsExecutorFutureContractTest : ExecutorViewContract() {
    override fun <T> newSubject(): ExecutorSubject<T> {
        val source = CompletableFuture<T>()
        return subject(source.asExecutorFuture(), { source.complete(it) }, { source.completeExceptionally(it) })
    }
}

/** `ListenableFuture.asExecutorFuture()` over a Guava `SettableFuture`. */
internal class ListenableFutureAsExecutorFutureContractTest : ExecutorViewContract() {
    override fun <T> newSubject(): ExecutorSubject<T> {
        val source = SettableFuture.create<T>()
        return subject(source.asExecutorFuture(), { source.set(it) }, { source.setException(it) })
    }
}

/**
 * `LoopFuture.asExecutorFuture()`: the view completes on the loop's thread, so the thread that
 * completes a subject runs the loop until the view of every subject it completed is done (a
 * completion from a view's callback, already on the loop thread, is left to the run in progress).
 */
internal class LoopFutureAsExecutorFutureContractTest : ExecutorViewContract() {
    private val loop: EventLoop = EventLoops.builder().exceptionHandler { _, _ -> }.build()
    private val undelivered = AtomicInteger()

    @AfterEach
    fun closeLoop() {
        /* A completer thread may still be finishing the loop pass that completed the view. */
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until { !loop.isRunning }
        loop.close()
    }

    override fun <T> newSubject(): ExecutorSubject<T> {
        val source = loop.createFuture<T>()
        val view = source.asExecutorFuture()
        return subject(
            view,
            { value -> completeOnLoop(view) { source.setResult(value) } },
            { failure -> completeOnLoop(view) { source.setException(failure) } },
        )
    }

    private fun completeOnLoop(view: ExecutorFuture<*>, complete: () -> Unit) {
        if (view.isDone) {
            complete()
            return
        }
        undelivered.incrementAndGet()
        view.addDoneCallback { if (undelivered.decrementAndGet() == 0) loop.stop() }
        complete()
        if (!loop.inLoopThread()) loop.runForever()
    }
}

/** `Deferred.asLoopFuture(loop)`. */
internal class DeferredAsLoopFutureContractTest : LoopViewContract() {
    override fun <T> newSubject(): LoopSubject<T> {
        val deferred = CompletableDeferred<T>()
        return subject(deferred.asLoopFuture(loop()), { deferred.complete(it) }, { deferred.completeExceptionally(it) })
    }
}

/** `AsyncFuture.asLoopFuture(loop)` over an executor future (`ExecutorFutures.from(CompletableFuture)`). */
internal class AsyncFutureAsLoopFutureContractTest : LoopViewContract() {
    override fun <T> newSubject(): LoopSubject<T> {
        val source = CompletableFuture<T>()
        return subject(
            ExecutorFutures.from(source).asLoopFuture(loop()),
            { source.complete(it) },
            { source.completeExceptionally(it) },
        )
    }
}

/** `CompletableFuture.asLoopFuture(loop)`. */
internal class CompletableFutureAsLoopFutureContractTest : LoopViewContract() {
    override fun <T> newSubject(): LoopSubject<T> {
        val source = CompletableFuture<T>()
        return subject(source.asLoopFuture(loop()), { source.complete(it) }, { source.completeExceptionally(it) })
    }
}

/** `ListenableFuture.asLoopFuture(loop)` over a Guava `SettableFuture`. */
internal class ListenableFutureAsLoopFutureContractTest : LoopViewContract() {
    override fun <T> newSubject(): LoopSubject<T> {
        val source = SettableFuture.create<T>()
        return subject(source.asLoopFuture(loop()), { source.set(it) }, { source.setException(it) })
    }
}
