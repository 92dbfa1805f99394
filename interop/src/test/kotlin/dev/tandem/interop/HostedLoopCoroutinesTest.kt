package dev.tandem.interop

import dev.tandem.api.EventLoop
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopHost
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** The coroutine dispatcher and task builders on a loop hosted on someone else's thread. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class HostedLoopCoroutinesTest {
    @Volatile private var hostThread: Thread? = null
    private val scheduler: ScheduledExecutorService =
        Executors.newSingleThreadScheduledExecutor { r -> Thread(r, "host").also { hostThread = it; it.isDaemon = true } }
    private val loop: EventLoop =
        EventLoops.hosted(
            object : LoopHost {
                override fun execute(task: Runnable) = scheduler.execute(task)

                override fun inHostThread(): Boolean = Thread.currentThread() === hostThread

                override fun schedule(task: Runnable, delayNanos: Long): LoopHost.Scheduled {
                    val f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS)
                    return LoopHost.Scheduled { f.cancel(false) }
                }
            },
        )

    @AfterEach
    fun closeAll() {
        loop.close()
        scheduler.shutdownNow()
    }

    @Test
    fun dispatcher_runsCoroutinesOnTheHostThread_andDelayUsesTheLoopsTimers() = runBlocking {
        val seen =
            withContext(loop.asCoroutineDispatcher()) {
                val before = loop.inLoopThread()
                delay(20)
                "$before ${loop.inLoopThread()} ${Thread.currentThread() === hostThread}"
            }
        assertEquals("true true true", seen)
    }

    @Test
    fun launchFutureAndSubmitCoroutine_completeOnTheHostedLoop() {
        val viaThreads = loop.submitCoroutine { delay(5); loop.inLoopThread() }
        assertEquals(true, viaThreads.result(java.time.Duration.ofSeconds(5)))
        val onLoop = runBlocking { withContext(loop.asCoroutineDispatcher()) { loop.launchFuture { 6 * 7 } } }
        assertEquals(42, runBlocking { onLoop.await() })
    }
}
