@file:JvmName("InventoryClients")

package dev.tandem.samples

import dev.tandem.interop.asExecutorFuture
import dev.tandem.interop.awaitOrCancel

/**
 * The legacy [InventoryService] as suspend functions for new Kotlin callers; part of the Guava
 * migration sample. Each call resumes with the value or with the legacy exception itself (no
 * `ExecutionException` wrapper), and cancelling the calling coroutine cancels the legacy
 * `ListenableFuture`, because this coroutine is its only consumer ([awaitOrCancel]).
 */
class InventoryClient(private val legacy: InventoryService) {

    /** Units in stock; throws [InventoryService.UnknownSkuException] for an unknown SKU. */
    suspend fun stockLevel(sku: String): Int = legacy.stockLevel(sku).asExecutorFuture().awaitOrCancel()

    /** The slow warehouse count; use it under `withTimeout`. */
    suspend fun warehouseCount(sku: String): Int = legacy.warehouseCount(sku).asExecutorFuture().awaitOrCancel()
}
