@file:JvmName("KotlinSmoke")

package dev.tandem.smoke.kotlin

import dev.tandem.interop.await
import dev.tandem.interop.launchFuture
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopOperations
import dev.tandem.threads.FutureExecutor
import java.time.Duration
import kotlinx.coroutines.delay

/**
 * A coroutine on Tandem's loop awaits a pool task and a loop timer, run with every jar on the
 * module path; prints what it computed and which named modules it ran in.
 */
fun main() {
    val pool = FutureExecutor.newFixedPool(1)
    val loop = EventLoops.newEventLoop()
    val task = loop.launchFuture {
        val answer = pool.submit { 6 * 7 }.await()
        delay(1)
        "answer $answer"
    }
    println("coroutine " + loop.runUntilComplete(task))
    LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5))
    pool.close()
    println("modules " + namedModules())
}

private fun namedModules(): List<String> =
    ModuleLayer.boot().modules().map { it.name }
        .filter { it.startsWith("dev.tandem") || it.startsWith("kotlin") }
        .sorted()
