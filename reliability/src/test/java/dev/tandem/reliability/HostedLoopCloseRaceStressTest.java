package dev.tandem.reliability;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopHost;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
  static final int ROUNDS = Stress.pick(100, 3_000);

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
      CloseRace.round(round, loop, loop::close); // from a foreign thread while it runs on its host
    }
  }
}
