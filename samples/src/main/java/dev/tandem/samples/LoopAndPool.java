package dev.tandem.samples;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.FutureExecutor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loop plus pool: an event loop keeps the timers and the bookkeeping on one thread, CPU-bound
 * work runs on a {@link FutureExecutor}, and the results are gathered back on the loop. Then it
 * shows what the deadlock guard says when code blocks on the loop thread.
 */
public final class LoopAndPool {
  /** Count the primes below this bound, in {@link #CHUNKS} slices on the pool. */
  static final int LIMIT = 2_000_000;

  static final int CHUNKS = 4;

  private LoopAndPool() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) throws InterruptedException {
    // try-with-resources closes the pool (waiting for its tasks) after the loop is closed.
    try (FutureExecutor pool = FutureExecutor.newFixedPool(CHUNKS, "crunch")) {
      EventLoop loop = EventLoops.newEventLoop();
      try {
        int primes = loop.runUntilComplete(countPrimes(loop, pool, out));
        out.println("primes below " + LIMIT + ": " + primes);
      } finally {
        loop.close();
      }
    }
  }

  /**
   * Called before the loop runs (set-up is allowed from the thread that will run it); every
   * callback here then runs on the loop thread, so plain fields need no locks.
   */
  private static LoopFuture<Integer> countPrimes(EventLoop loop, FutureExecutor pool, PrintStream out) {
    // The deadlock guard: a blocking wait on the loop thread fails fast instead of hanging.
    loop.callSoon(() -> {
      try {
        pool.map(LoopAndPool::primesIn, List.of(0, 1), Duration.ofSeconds(5));
      } catch (BlockingOnLoopException e) {
        out.println("deadlock guard: " + e.getMessage());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // CPU-bound slices on the pool; each result is adopted into the loop, so its callback runs
    // on the loop thread.
    AtomicInteger finished = new AtomicInteger(); // touched by the loop thread only
    List<LoopFuture<Integer>> slices = new ArrayList<>();
    for (int i = 0; i < CHUNKS; i++) {
      int slice = i;
      ExecutorFuture<Integer> onPool = pool.submit(() -> primesIn(slice));
      LoopFuture<Integer> onLoop = LoopFutures.adopt(loop, onPool);
      onLoop.addDoneCallback(done -> out.printf("slice %d: %d primes (%d of %d done, callback on %s)%n",
          slice, done.result(), finished.incrementAndGet(), CHUNKS, Thread.currentThread().getName()));
      slices.add(onLoop);
    }

    // A heartbeat timer that reschedules itself until the work is done.
    AtomicInteger beats = new AtomicInteger();
    Handle[] heartbeat = new Handle[1];
    Runnable beat = new Runnable() {
      @Override
      public void run() {
        beats.incrementAndGet();
        heartbeat[0] = loop.callLater(Duration.ofMillis(20), this);
      }
    };
    heartbeat[0] = loop.callLater(Duration.ofMillis(20), beat);

    // Gather in input order, on the loop; a deadline that does not block anyone.
    LoopFuture<List<Integer>> all =
        LoopFutures.waitFor(loop, LoopFutures.gather(loop, slices), Duration.ofSeconds(30));
    // However the wait ends (the sum, a failure, the 30 s timeout), the heartbeat stops.
    LoopFuture<List<Integer>> settled = LoopFutures.andFinally(all, () -> {
      heartbeat[0].cancel();
      out.println("heartbeat ticked " + beats.get() + " time(s) while the pool worked: the loop never blocked");
    });
    return LoopFutures.map(settled, counts -> counts.stream().mapToInt(Integer::intValue).sum());
  }

  /** The number of primes in slice {@code slice} of [0, LIMIT): a deliberately naive CPU hog. */
  static int primesIn(int slice) {
    int from = LIMIT / CHUNKS * slice;
    int to = slice == CHUNKS - 1 ? LIMIT : from + LIMIT / CHUNKS;
    int count = 0;
    for (int n = Math.max(from, 2); n < to; n++) {
      boolean prime = true;
      for (int d = 2; (long) d * d <= n; d++) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        count++;
      }
    }
    return count;
  }
}
