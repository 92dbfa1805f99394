@file:JvmName("KotlinDocSnippets")

package dev.tandem.samples.docs

import com.google.common.util.concurrent.ListenableFuture
import dev.tandem.api.EventLoop
import dev.tandem.interop.asDeferred
import dev.tandem.interop.asExecutorFuture
import dev.tandem.interop.asLoopFuture
import dev.tandem.interop.await
import dev.tandem.interop.awaitOrCancel
import dev.tandem.interop.launchFuture
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopOperations
import dev.tandem.threads.FutureExecutor
import java.io.PrintStream
import java.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay

/** The Kotlin code shown in README.md and docs/, compiled and run by `DocSnippetsTest`. */
fun kotlinQuickStart() {
    // snippet:kotlin-quick-start
    val pool = FutureExecutor.newFixedPool(2)
    val loop = EventLoops.newEventLoop()
    val task = loop.launchFuture {
        val answer = pool.submit { 6 * 7 }.await() // suspends; the loop keeps running
        delay(10) // served by the loop's timers
        "the answer is $answer"
    }
    println(loop.runUntilComplete(task)) // the answer is 42
    LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5)) // cancels what is left, then closes
    pool.close()
    // end
}

fun kotlinMigration(out: PrintStream, legacy: ListenableFuture<String>, loop: EventLoop) {
    val task = loop.launchFuture {
        coroutineScope {
            // snippet:migrate-kotlin
            // kotlinx-coroutines-guava: legacy.await() cancels `legacy` if this coroutine is cancelled.
            // Tandem: await() leaves it alone (it may have other consumers); awaitOrCancel() cancels.
            val name: String = legacy.asExecutorFuture().await()
            val sameName: String = legacy.asExecutorFuture().awaitOrCancel()

            // A Deferred as either kind of future, and back.
            val deferred = CompletableDeferred<String>()
            val onLoop = deferred.asLoopFuture(loop) // completes on the loop thread
            val onThreads = deferred.asExecutorFuture() // blocking waits, any thread
            deferred.complete("done")
            val again = onThreads.asDeferred()
            // end
            out.println("$name $sameName ${onLoop.await()} ${again.await()}")
        }
    }
    loop.runUntilComplete(task)
}
