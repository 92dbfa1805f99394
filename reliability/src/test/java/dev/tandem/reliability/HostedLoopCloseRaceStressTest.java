package dev.tandem.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoopCloseRaceStressTest} for a hosted loop ({@code EventLoops.hosted}): 8 threads call
 * {@code callSoonThreadsafe} while another thread closes the running loop (which stops it on its
 * host and waits for the host to let go). Every call is either rejected or accepted; every
 * accepted callback then ran exactly once or its handle reads cancelled.
 */
final class HostedLoopCloseRaceStressTest {
  static final int PRODUCERS = 8;
  static final int ROUNDS = Stress.pick(100, 3_000);
  static final int PER_PRODUCER = 200;

  private static volatile Thread hostThread;
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stress-host");
            t.setDaemon(true);
            hostThread = t;
            return t;
          });
  private static final LoopHost HOST =
      new LoopHost() {
        @Override
        public void execute(Runnable task) {
          SCHEDULER.execute(task);
        }

        @Override
        public boolean inHostThread() {
          return Thread.currentThread() == hostThread;
        }

        @Override
        public Scheduled schedule(Runnable task, long delayNanos) {
          ScheduledFuture<?> f = SCHEDULER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
          return () -> f.cancel(false);
        }
      };

  @AfterAll
  static void stopHost() {
    SCHEDULER.shutdownNow();
  }

  @Test
  @Timeout(120)
  void callSoonThreadsafe_eightThreadsDuringClose_everyAcceptedCallbackRanOrIsCancelled()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      EventLoop loop = EventLoops.hosted(HOST);
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
      loop.close(); // from a foreign thread while the loop runs on its host
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
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
