package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.threads.ExecutorFutures;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leaks and depth: callbacks (and what they capture) become unreachable once run or removed; a
 * chain of a million futures completing one another does not overflow the stack; a soak run
 * through one loop with random cancellation returns the heap near its baseline.
 */
final class LeakAndDepthTest {
  static final int CHAIN = 1_000_000;
  static final int SOAK = Stress.pick(200_000, 10_000_000);

  /** A callback that captures a big object, so a leak of the callback is a leak of the object. */
  static Consumer<AsyncFuture<Integer>> capturing(Object captured) {
    return f -> captured.hashCode();
  }

  static void awaitCollected(WeakReference<?> ref) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return ref.get() == null;
            });
  }

  @Test
  @Timeout(30)
  void executorFutureCallback_onceRunOrRemoved_isUnreachable() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> future = ExecutorFutures.from(cf);
    byte[] ranCapture = new byte[1 << 20];
    byte[] removedCapture = new byte[1 << 20];
    WeakReference<Object> ran = new WeakReference<>(ranCapture);
    WeakReference<Object> removed = new WeakReference<>(removedCapture);
    Consumer<AsyncFuture<Integer>> toRemove = capturing(removedCapture);
    future.addDoneCallback(capturing(ranCapture));
    future.addDoneCallback(toRemove);
    assertThat(future.removeDoneCallback(toRemove)).isEqualTo(1);
    ranCapture = null;
    removedCapture = null;
    toRemove = null;
    awaitCollected(removed);
    cf.complete(1);
    awaitCollected(ran);
    assertThat(future.result()).isEqualTo(1); // the future itself is still in use
  }

  @Test
  @Timeout(30)
  void loopFutureCallback_onceRunOrRemoved_isUnreachable() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<Integer> future = loop.createFuture();
    byte[] ranCapture = new byte[1 << 20];
    byte[] removedCapture = new byte[1 << 20];
    WeakReference<Object> ran = new WeakReference<>(ranCapture);
    WeakReference<Object> removed = new WeakReference<>(removedCapture);
    Consumer<AsyncFuture<Integer>> toRemove = capturing(removedCapture);
    future.addDoneCallback(capturing(ranCapture));
    future.addDoneCallback(toRemove);
    assertThat(future.removeDoneCallback(toRemove)).isEqualTo(1);
    ranCapture = null;
    removedCapture = null;
    toRemove = null;
    awaitCollected(removed);
    loop.callSoon(() -> future.setResult(1));
    assertThat(loop.runUntilComplete(future)).isEqualTo(1);
    awaitCollected(ran);
    loop.close();
  }

  @Test
  @Timeout(60)
  void loopFutures_chainOfAMillionCompletingOneAnother_noStackOverflow() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<Integer> first = loop.createFuture();
    LoopFuture<Integer> previous = first;
    for (int i = 0; i < CHAIN; i++) {
      LoopFuture<Integer> next = loop.createFuture();
      previous.addDoneCallback(f -> next.setResult(f.result() + 1));
      previous = next;
    }
    loop.callSoon(() -> first.setResult(0));
    assertThat(loop.runUntilComplete(previous)).isEqualTo(CHAIN);
    loop.close();
  }

  @Test
  @Timeout(60)
  void executorFutures_chainOfAMillionCompletingOneAnother_noStackOverflow() {
    CompletableFuture<Integer> first = new CompletableFuture<>();
    ExecutorFuture<Integer> previous = ExecutorFutures.from(first);
    for (int i = 0; i < CHAIN; i++) {
      CompletableFuture<Integer> nextSource = new CompletableFuture<>();
      previous.addDoneCallback(f -> nextSource.complete(f.result() + 1));
      previous = ExecutorFutures.from(nextSource);
    }
    first.complete(0);
    assertThat(previous.result()).isEqualTo(CHAIN);
  }

  @Test
  @Timeout(600)
  void soak_futuresThroughOneLoopWithRandomCancellation_heapReturnsNearBaseline() {
    EventLoop loop = EventLoops.newEventLoop();
    long baseline = usedHeapAfterGc();
    SplittableRandom random = new SplittableRandom(42);
    int batch = 10_000;
    long completed = 0;
    long cancelled = 0;
    for (int done = 0; done < SOAK; done += batch) {
      List<LoopFuture<Integer>> futures = new ArrayList<>(batch);
      int[] callbacks = new int[1];
      for (int i = 0; i < batch; i++) {
        LoopFuture<Integer> f = loop.createFuture();
        f.addDoneCallback(x -> callbacks[0]++);
        futures.add(f);
        int value = i;
        if (random.nextInt(4) == 0) {
          loop.callSoon(() -> f.cancel("random"));
        } else {
          loop.callSoon(() -> { if (!f.isDone()) f.setResult(value); });
        }
      }
      LoopFuture<Object> end = loop.createFuture();
      loop.callSoon(() -> loop.callSoon(() -> end.setResult(null)));
      loop.runUntilComplete(end);
      for (LoopFuture<Integer> f : futures) {
        if (f.isCancelled()) {
          cancelled++;
        } else {
          completed += f.result() >= 0 ? 1 : 0;
        }
      }
      assertThat(callbacks[0]).isEqualTo(batch);
    }
    assertThat(completed + cancelled).isEqualTo((long) ((SOAK + batch - 1) / batch) * batch);
    assertThat(cancelled).isPositive();
    long after = usedHeapAfterGc();
    assertThat(after - baseline)
        .as("heap growth after %d futures (baseline %d, after %d)", SOAK, baseline, after)
        .isLessThan(16L << 20);
    loop.close();
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
