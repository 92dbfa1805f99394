package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoopInventory#totalStock} is built with composition, not wired by hand: before issue 12
 * a cancelled total left the gather and the legacy calls running, and a cancelled gather left the
 * total pending forever.
 */
@Timeout(30)
final class LoopInventoryTest {
  private final EventLoop loop = EventLoops.newEventLoop();
  private final Map<String, SettableFuture<Integer>> calls = new ConcurrentHashMap<>();
  private final InventoryService legacy =
      new InventoryService() {
        @Override
        public ListenableFuture<Integer> stockLevel(String sku) {
          return calls.computeIfAbsent(sku, k -> SettableFuture.create());
        }

        @Override
        public ListenableFuture<Integer> warehouseCount(String sku) {
          return SettableFuture.create();
        }
      };
  private final LoopInventory inventory = new LoopInventory(loop, legacy);

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void cancellingTheTotal_cancelsTheGatherAndEveryLegacyCallWithTheMessage() {
    LoopFuture<Integer> total = inventory.totalStock(List.of("apple", "pear"));
    calls.get("apple").set(12);
    assertThat(total.cancel("the customer left")).isTrue(); // reaches the thread-safe sources at once
    assertThat(calls.get("pear").isCancelled()).as("the legacy call still running").isTrue();
    assertThat(calls.get("apple").isCancelled()).as("a finished legacy call").isFalse();
    assertThatThrownBy(total::result).isInstanceOf(CancelledException.class).hasMessage("the customer left");
  }

  @Test
  void aLegacyCallCancelledElsewhere_endsTheTotal_insteadOfLeavingItPending() {
    LoopFuture<Integer> total = inventory.totalStock(List.of("apple", "pear"));
    calls.get("pear").cancel(false);
    assertThatThrownBy(() -> loop.runUntilComplete(total)).isInstanceOf(CancelledException.class);
    assertThat(total.isDone()).isTrue();
  }

  @Test
  void theTotal_sumsTheLegacyValues() {
    LoopFuture<Integer> total = inventory.totalStock(List.of("apple", "pear"));
    calls.get("apple").set(12);
    calls.get("pear").set(5);
    assertThat(loop.runUntilComplete(total)).isEqualTo(17);
  }
}
