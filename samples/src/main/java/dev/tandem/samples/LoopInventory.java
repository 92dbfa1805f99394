package dev.tandem.samples;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorFutures;
import java.time.Duration;
import java.util.List;

/**
 * The legacy {@link InventoryService} for code that runs on an event loop; part of the Guava
 * migration sample. Each {@code ListenableFuture} is adapted ({@link ExecutorFutures#from}) and
 * adopted into the loop ({@link LoopFutures#adopt}), so its outcome and its callbacks arrive on
 * the loop thread, and cancelling the loop future cancels the legacy call.
 */
public final class LoopInventory {
  private final EventLoop loop;
  private final InventoryService legacy;

  public LoopInventory(EventLoop loop, InventoryService legacy) {
    this.loop = loop;
    this.legacy = legacy;
  }

  /** {@link InventoryService#stockLevel} as a loop future. */
  public LoopFuture<Integer> stockLevel(String sku) {
    return LoopFutures.adopt(loop, ExecutorFutures.from(legacy.stockLevel(sku)));
  }

  /**
   * {@link InventoryService#warehouseCount} as a loop future that fails with a {@link
   * java.util.concurrent.TimeoutException} after {@code timeout}, cancelling the legacy call.
   */
  public LoopFuture<Integer> warehouseCount(String sku, Duration timeout) {
    return LoopFutures.waitFor(
        loop, ExecutorFutures.from(legacy.warehouseCount(sku)), timeout);
  }

  /**
   * The stock of all {@code skus} together: the legacy calls run at once, gathered on the loop.
   * A failed call fails the total with the legacy exception object itself; cancelling the total
   * cancels the gather and, through it, every legacy call still running.
   */
  public LoopFuture<Integer> totalStock(List<String> skus) {
    List<LoopFuture<Integer>> levels = skus.stream().map(this::stockLevel).toList();
    return LoopFutures.map(
        LoopFutures.gather(loop, levels), all -> all.stream().mapToInt(Integer::intValue).sum());
  }
}
