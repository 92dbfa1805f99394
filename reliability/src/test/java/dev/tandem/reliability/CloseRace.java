package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One round of the close race shared by {@link LoopCloseRaceStressTest} and {@link
 * HostedLoopCloseRaceStressTest}: {@link #PRODUCERS} threads call {@code callSoonThreadsafe}
 * while the test closes the running loop; then every call was either rejected or accepted, and
 * every accepted callback ran exactly once or its handle reads cancelled.
 */
final class CloseRace {
  static final int PRODUCERS = 8;
  static final int PER_PRODUCER = 200;

  /** How a test closes its loop while the producers run. */
  @FunctionalInterface
  interface Closing {
    void close() throws Exception;
  }

  private CloseRace() {}

  static void round(int round, EventLoop loop, Closing closing) throws Exception {
    int slots = PRODUCERS * PER_PRODUCER;
    AtomicIntegerArray runs = new AtomicIntegerArray(slots);
    ConcurrentLinkedQueue<Object[]> accepted = new ConcurrentLinkedQueue<>();
    AtomicInteger rejected = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(PRODUCERS + 1);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int base = p * PER_PRODUCER;
      Thread t =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < PER_PRODUCER; i++) {
                  int slot = base + i;
                  try {
                    Handle h = loop.callSoonThreadsafe(() -> runs.incrementAndGet(slot));
                    accepted.add(new Object[] {slot, h});
                  } catch (RejectedExecutionException closed) {
                    rejected.incrementAndGet();
                  }
                }
              });
      t.start();
      producers.add(t);
    }
    start.await();
    closing.close();
    for (Thread t : producers) {
      t.join();
    }
    int ranCount = 0;
    for (Object[] a : accepted) {
      int slot = (Integer) a[0];
      Handle h = (Handle) a[1];
      int r = runs.get(slot);
      assertThat(r).as("slot %d ran at most once", slot).isLessThanOrEqualTo(1);
      assertThat(r == 1 ^ h.isCancelled())
          .as("round %d: accepted callback %d either ran (%d) or is cancelled (%s)", round, slot, r, h)
          .isTrue();
      ranCount += r;
    }
    int totalRuns = 0;
    for (int i = 0; i < slots; i++) {
      totalRuns += runs.get(i);
    }
    assertThat(totalRuns).as("only accepted callbacks ran").isEqualTo(ranCount);
    assertThat(accepted.size() + rejected.get()).isEqualTo(slots);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
