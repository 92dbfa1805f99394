@file:JvmName("GuavaMigration")

package dev.tandem.samples

import dev.tandem.interop.asExecutorFuture
import dev.tandem.interop.awaitOrCancel
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopFutures
import java.io.PrintStream
import java.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/*
 * Migrating a Guava service one call site at a time: the legacy InventoryService (Java,
 * ListenableFuture) stays as it is; new Kotlin code calls it through suspend functions
 * (InventoryClient), loop code through loop futures (LoopInventory).
 */

fun main() = guavaMigration(System.out)

/** Runs the sample, printing to [out]. */
fun guavaMigration(out: PrintStream) {
    LegacyInventoryService().use { legacy ->
        newKotlinCallers(legacy, out)
        loopCode(legacy, out)
    }
}

private fun newKotlinCallers(legacy: InventoryService, out: PrintStream) = runBlocking {
    out.println("Kotlin, suspend functions:")
    val client = InventoryClient(legacy)
    out.println("   apple: ${client.stockLevel("apple")} in stock")
    try {
        client.stockLevel("durian")
    } catch (e: InventoryService.UnknownSkuException) {
        // The legacy exception itself, not an ExecutionException around it.
        out.println("   durian: ${e.javaClass.simpleName}: ${e.message}")
    }

    // Giving up cancels the legacy call. (InventoryClient.warehouseCount does exactly this;
    // spelled out here to look at the legacy future afterwards.)
    val legacyCall = legacy.warehouseCount("plum")
    val count = withTimeoutOrNull(100.milliseconds) { legacyCall.asExecutorFuture().awaitOrCancel() }
    out.println("   warehouse count within 100 ms: $count; legacy future cancelled: ${legacyCall.isCancelled}")
}

private fun loopCode(legacy: InventoryService, out: PrintStream) {
    out.println("Loop code, loop futures:")
    val loop = EventLoops.newEventLoop()
    try {
        val inventory = LoopInventory(loop, legacy)
        val calls = linkedMapOf(
            "total of apple, pear, plum" to inventory.totalStock(listOf("apple", "pear", "plum")),
            "total of apple, durian" to inventory.totalStock(listOf("apple", "durian")),
            "warehouse count of plum" to inventory.warehouseCount("plum", Duration.ofMillis(100)),
        )
        // returnExceptions = true: failures take their place in the list instead of failing it.
        val outcomes = loop.runUntilComplete(LoopFutures.gather(loop, calls.values.toList(), true))
        calls.keys.zip(outcomes).forEach { (call, outcome) ->
            val shown = if (outcome is Throwable) "${outcome.javaClass.simpleName}: ${outcome.message}" else outcome
            out.println("   $call: $shown")
        }
    } finally {
        loop.close()
    }
}
