package dev.tandem.interop

import dev.tandem.api.LoopFuture
import dev.tandem.loop.EventLoops
import dev.tandem.threads.ExecutorFutures
import dev.tandem.threads.FutureExecutor
import java.io.IOException
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** The Kotlin spellings keep each kind's rules: loop steps on the loop thread, never inline. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class CompositionTest {

    @Test
    fun `a loop chain runs each step later on the loop thread and can hop to a pool and back`() {
        FutureExecutor.newFixedPool(1).use { pool ->
            val loop = EventLoops.newEventLoop()
            val steps = mutableListOf<String>()
            val input: LoopFuture<String> = loop.createFuture()
            input.setResult("abc")
            val out = input
                .map { steps += "map on loop: ${loop.inLoopThread()}"; it.length }
                .compose { n -> pool.submit { n * 2 } }
                .andFinally { steps += "finally on loop: ${loop.inLoopThread()}" }
            assertTrue(steps.isEmpty(), "nothing ran inside the calls")
            assertEquals(6, loop.runUntilComplete(out))
            assertEquals(listOf("map on loop: true", "finally on loop: true"), steps)
            loop.close()
        }
    }

    @Test
    fun `recover takes only the reified failure type`() {
        val loop = EventLoops.newEventLoop()
        val failed: LoopFuture<String> = loop.createFuture()
        failed.setException(IOException("disk"))
        val recovered = failed.recover<String, IOException> { "fallback after ${it.message}" }
        val notRecovered = failed.recover<String, IllegalStateException> { "wrong" }
        assertEquals("fallback after disk", loop.runUntilComplete(recovered))
        val thrown = runCatching { loop.runUntilComplete(notRecovered) }.exceptionOrNull()
        assertTrue(thrown is java.util.concurrent.CompletionException && thrown.cause is IOException, "got $thrown")
        loop.close()
    }

    @Test
    fun `an executor chain runs in the completing thread`() {
        val source = ExecutorFutures.settable<Int>()
        val threads = mutableListOf<String>()
        val out = source.map { threads += Thread.currentThread().name; it + 1 }
            .recover<Int, IOException> { -1 }
        val completer = Thread({ source.setResult(41) }, "completer")
        completer.start()
        assertEquals(42, out.result(Duration.ofSeconds(WAIT_SECONDS)))
        completer.join()
        assertEquals(listOf("completer"), threads)
    }
}
