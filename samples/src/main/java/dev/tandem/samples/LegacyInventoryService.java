package dev.tandem.samples;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.ListeningScheduledExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The legacy implementation of {@link InventoryService}, written the Guava way; part of the
 * Guava migration sample. Nothing in it knows about Tandem.
 */
public final class LegacyInventoryService implements InventoryService, AutoCloseable {
  private static final Map<String, Integer> STOCK = Map.of("apple", 12, "pear", 5, "plum", 30);

  private final ListeningExecutorService workers =
      MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(2));
  private final ListeningScheduledExecutorService timer =
      MoreExecutors.listeningDecorator(Executors.newSingleThreadScheduledExecutor());

  @Override
  public ListenableFuture<Integer> stockLevel(String sku) {
    return workers.submit(() -> {
      Integer units = STOCK.get(sku);
      if (units == null) {
        throw new UnknownSkuException(sku);
      }
      return units;
    });
  }

  @Override
  public ListenableFuture<Integer> warehouseCount(String sku) {
    return Futures.transformAsync(
        timer.schedule(() -> sku, Duration.ofMinutes(1)), this::stockLevel, workers);
  }

  @Override
  public void close() {
    MoreExecutors.shutdownAndAwaitTermination(timer, Duration.ofSeconds(5));
    MoreExecutors.shutdownAndAwaitTermination(workers, Duration.ofSeconds(5));
  }
}
