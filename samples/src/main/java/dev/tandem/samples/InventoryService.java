package dev.tandem.samples;

import com.google.common.util.concurrent.ListenableFuture;

/**
 * A legacy service API built on Guava futures; part of the Guava migration sample. It stays as
 * it is: {@link InventoryClient} wraps it for Kotlin callers and {@link LoopInventory} for loop
 * code.
 */
public interface InventoryService {

  /** Units in stock; fails with {@link UnknownSkuException} for an unknown SKU. */
  ListenableFuture<Integer> stockLevel(String sku);

  /** A slow count in the warehouse, ready in about a minute. */
  ListenableFuture<Integer> warehouseCount(String sku);

  /** The failure of an unknown SKU: a checked exception, as legacy code often has. */
  final class UnknownSkuException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownSkuException(String sku) {
      super("no such SKU: " + sku);
    }
  }
}
