package dev.tandem.interop

import dev.tandem.api.CancelledException
import dev.tandem.loop.EventLoops
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
internal class LoopToLoopTest {

    @Test
    fun `a loop future viewed on another loop completes there and cancels back on its own loop`() {
        EventLoops.startBackgroundLoop("loop-a").use { a ->
            EventLoops.startBackgroundLoop("loop-b").use { b ->
                val source = a.loop().onLoop { a.loop().createFuture<String>() }
                val view = source.asLoopFuture(b.loop())
                val observedOn = CompletableFuture<Thread>()
                b.loop().onLoop { view.addDoneCallback { observedOn.complete(Thread.currentThread()) } }
                a.loop().onLoop { source.setResult("across") }
                assertSame(b.thread(), observedOn.getWithin())
                assertEquals("across", b.loop().onLoop { view.result() })

                val second = a.loop().onLoop { a.loop().createFuture<String>() }
                val secondView = second.asLoopFuture(b.loop())
                val cancelledOn = CompletableFuture<Thread>()
                a.loop().onLoop { second.addDoneCallback { cancelledOn.complete(Thread.currentThread()) } }
                b.loop().onLoop { secondView.cancel("from b") }
                assertSame(a.thread(), cancelledOn.getWithin())
                assertEquals("from b", a.loop().onLoop { assertThrows<CancelledException> { second.result() }.message })
            }
        }
    }

    @Test
    fun `a loop future viewed on its own loop is the future itself`() {
        EventLoops.startBackgroundLoop("loop-a").use { a ->
            val future = a.loop().onLoop { a.loop().createFuture<String>() }
            assertSame(future, future.asLoopFuture(a.loop()))
        }
    }
}
