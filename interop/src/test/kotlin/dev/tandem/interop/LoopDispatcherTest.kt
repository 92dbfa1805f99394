package dev.tandem.interop

import dev.tandem.api.EventLoop
import dev.tandem.api.Handle
import dev.tandem.loop.EventLoops
import dev.tandem.loop.ManualClock
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeoutException
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class LoopDispatcherTest {
    private val clock = ManualClock.create()
    private val loop: EventLoop = EventLoops.builder().clock(clock).build()

    @AfterEach
    fun closeLoop() {
        if (!loop.isRunning) loop.close()
    }

    @Test
    fun `a coroutine on the loop dispatcher runs on the thread running the loop`() {
        EventLoops.startBackgroundLoop("dispatcher-loop").use { background ->
            val ranOn = runBlocking {
                withContext(background.loop().asCoroutineDispatcher()) {
                    assertTrue(background.loop().inLoopThread())
                    Thread.currentThread()
                }
            }
            assertSame(background.thread(), ranOn)
        }
    }

    @Test
    fun `a dispatch from the loop thread is queued behind earlier callbacks and never runs inline`() {
        val order = mutableListOf<String>()
        val done = loop.createFuture<Unit>()
        loop.callSoon {
            CoroutineScope(loop.asCoroutineDispatcher()).launch { order += "coroutine" }
            order += "after launch"
            loop.callSoon {
                order += "later callback"
                done.setResult(Unit)
            }
        }
        loop.runUntilComplete(done)
        assertEquals(listOf("after launch", "coroutine", "later callback"), order)
    }

    @Test
    fun `delay is served by the loop's timers on the loop's fake clock, on the loop thread`() {
        val task = loop.launchFuture {
            val start = loop.time()
            val sleeper = async {
                delay(30.seconds)
                loop.inLoopThread() to loop.time() - start
            }
            yield() // the sleeper registers its timer
            clock.advance(java.time.Duration.ofSeconds(29))
            yield()
            assertTrue(sleeper.isActive, "29 of 30 seconds on the loop's clock: still sleeping")
            clock.advance(java.time.Duration.ofSeconds(1))
            sleeper.await()
        }
        /* The 10 s test timeout proves nothing sleeps for real 30 s. */
        val (onLoopThread, elapsedNanos) = loop.runUntilComplete(task)
        assertTrue(onLoopThread)
        assertEquals(java.time.Duration.ofSeconds(30).toNanos(), elapsedNanos)
    }

    @Test
    fun `cancelling a delay cancels its loop timer`() {
        val recording = TimerRecordingLoop(loop)
        val task = CoroutineScope(recording.asCoroutineDispatcher()).async {
            val sleeper = launch { delay(10.seconds) }
            yield() // the sleeper registers its timer
            val timer = recording.timers.single()
            assertFalse(timer.isCancelled)
            sleeper.cancel()
            sleeper.join()
            timer.isCancelled
        }
        assertTrue(loop.runUntilComplete(task.asExecutorFuture()), "the timer of a cancelled delay is cancelled")
    }

    /** A loop that records the timers the dispatcher asks for; everything else is the real loop. */
    private class TimerRecordingLoop(private val real: EventLoop) : EventLoop by real {
        val timers = mutableListOf<Handle>()

        override fun callLater(delay: java.time.Duration, callback: Runnable): Handle =
            real.callLater(delay, callback).also { timers += it }
    }

    @Test
    fun `awaitWithTimeout on the loop dispatcher times out by the loop's clock`() {
        val never = loop.createFuture<String>()
        val task = loop.launchFuture {
            runCatching { never.awaitWithTimeout(10.seconds) }.exceptionOrNull()
        }
        loop.callSoon { loop.callSoon { clock.advance(java.time.Duration.ofSeconds(10)) } }
        assertTrue(loop.runUntilComplete(task) is TimeoutException)
        assertFalse(never.isDone, "a timeout cancels nothing")
    }

    @Test
    fun `a coroutine dispatched to a closed loop is cancelled with a message naming the closed loop`() = runBlocking {
        loop.close()
        val cause = CompletableFuture<Throwable?>()
        val job = CoroutineScope(loop.asCoroutineDispatcher() + Job()).launch { error("must not run its body") }
        job.invokeOnCompletion { cause.complete(it) }
        job.join()
        assertTrue(job.isCancelled)
        val message = cause.getWithin()?.message
        assertTrue(message != null && message.contains("closed"), message)
    }

    @OptIn(DelicateCoroutinesApi::class) // ATOMIC: the body must run although the job is cancelled
    @Test
    fun `a delay on a closed loop ends with a cancellation instead of never resuming`() = runBlocking {
        loop.close()
        val delayEnded = CompletableFuture<Throwable>()
        val job = CoroutineScope(loop.asCoroutineDispatcher() + Job()).launch(start = CoroutineStart.ATOMIC) {
            try {
                withContext(NonCancellable) { delay(1.seconds) }
            } catch (e: Throwable) {
                delayEnded.complete(e)
                throw e
            }
        }
        job.join()
        val ended = delayEnded.getWithin()
        assertTrue(ended is java.util.concurrent.CancellationException && ended.message!!.contains("closed"), ended.toString())
    }

    @Test
    fun `dispatchers of one loop are equal and those of two loops are not`() {
        val other = EventLoops.newEventLoop()
        try {
            assertEquals(loop.asCoroutineDispatcher(), loop.asCoroutineDispatcher())
            assertNotEquals(loop.asCoroutineDispatcher(), other.asCoroutineDispatcher())
        } finally {
            other.close()
        }
    }

}
