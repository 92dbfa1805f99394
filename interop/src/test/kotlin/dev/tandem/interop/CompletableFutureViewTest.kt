package dev.tandem.interop

import dev.tandem.api.BlockingOnLoopException
import dev.tandem.api.CancelledException
import dev.tandem.api.LoopFuture
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/**
 * The `CompletableFuture` views of issue 11's defects: a blocking read on the loop thread of a
 * view only that loop could complete blocked (for the whole timeout, or forever with `join()`);
 * a second `cancel()` returned false; Java's and Kotlin's views disagreed on what a cancelled
 * view throws. Each test here failed before the fix (the first two by timing out).
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class CompletableFutureViewTest {

    @Test
    fun `blocking reads of a loop future's view fail fast on its running loop's thread`() {
        EventLoops.startBackgroundLoop("guard-loop").use { background ->
            val loop = background.loop()
            val outcomes = loop.onLoop {
                val pending: LoopFuture<String> = loop.createFuture()
                val view = pending.asCompletableFuture()
                listOf<() -> Any?>(
                    { view.get(2, TimeUnit.SECONDS) },
                    { view.join() },
                    { view.get() },
                    { view.thenApply { it.length }.join() },
                ).map { read -> runCatching { read() }.exceptionOrNull() }
            }
            outcomes.forEach { assertTrue(it is BlockingOnLoopException, "got $it") }
        }
    }

    @Test
    fun `a done view is read on the loop thread without complaint`() {
        EventLoops.startBackgroundLoop("guard-loop-done").use { background ->
            val loop = background.loop()
            val value = loop.onLoop {
                val done: LoopFuture<String> = loop.createFuture()
                done.setResult("v")
                val view = done.asCompletableFuture()
                view
            }
            assertEquals("v", value.get(WAIT_SECONDS, TimeUnit.SECONDS))
            assertEquals("v", loop.onLoop { value.join() })
        }
    }

    @Test
    fun `the deferred's view also fails fast on a loop thread`() {
        EventLoops.startBackgroundLoop("guard-loop-deferred").use { background ->
            val view = completableFutureOf(CompletableDeferred<String>())
            val thrown = background.loop().onLoop { runCatching { view.join() }.exceptionOrNull() }
            assertTrue(thrown is BlockingOnLoopException, "got $thrown")
        }
    }

    @Test
    fun `cancel is true whenever the view is cancelled afterwards, on every kind of view`() {
        EventLoops.startBackgroundLoop("cancel-loop").use { background ->
            val loop = background.loop()
            val loopFuture = loop.onLoop { loop.createFuture<String>() }
            val views = listOf(
                loopFuture.asCompletableFuture(),
                ExecutorFutures.settable<String>().asCompletableFuture(),
                completableFutureOf(CompletableDeferred<String>()),
            )
            for (view in views) {
                assertTrue(view.cancel(false), "first cancel of $view")
                assertTrue(view.isCancelled)
                assertTrue(view.cancel(false), "second cancel of $view")
            }
            loop.onLoop {} // the loop future's cancel, handed to its thread, has run
            assertTrue(loop.onLoop { loopFuture.isCancelled })
        }
    }

    @Test
    fun `Java's and Kotlin's views are one class and throw the same for a cancelled source`() {
        val fromJava = ExecutorFutures.asCompletableFuture(ExecutorFutures.settable<String>())
        val settable = ExecutorFutures.settable<String>()
        val fromKotlin = settable.asCompletableFuture()
        assertSame(fromJava.javaClass, fromKotlin.javaClass)
        settable.cancel("not needed")
        val joined = assertThrows<CancellationException> { fromKotlin.join() }
        val got = assertThrows<CancellationException> { fromKotlin.get() }
        assertTrue(joined is CancelledException && got is CancelledException)
        assertEquals("not needed", joined.message)
        assertSame(joined, got, "the stored cancellation itself, on every JDK")
        assertSame(joined, assertThrows<CancellationException> { fromKotlin.getNow("absent") })
    }

    @Test
    fun `a pending loop future whose loop is closed gives a cancelled view`() {
        val loop = EventLoops.newEventLoop()
        val pending: LoopFuture<String> = loop.createFuture()
        loop.close()
        val view: CompletableFuture<String> = pending.asCompletableFuture()
        assertTrue(view.isCancelled)
        assertTrue(assertThrows<CancellationException> { view.join() }.message!!.contains("closed"))
    }

    @Test
    fun `a view made from another thread is cancelled when the loop closes while its source is pending`() {
        val background = EventLoops.startBackgroundLoop("closing-loop")
        val loop = background.loop()
        val pending = loop.onLoop { loop.createFuture<String>() }
        val view = pending.asCompletableFuture()
        val dependent = view.thenApply { it.length }
        background.close()
        assertTrue(view.isCancelled, "the close told the view")
        assertTrue(assertThrows<CancellationException> { view.join() }.message!!.contains("is closed"))
        assertTrue(dependent.isCompletedExceptionally)
    }
}
