package dev.tandem.reliability;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code callSoonThreadsafe} from 8 threads while the loop runs, is stopped and is closed. Every
 * call either throws {@link java.util.concurrent.RejectedExecutionException} (not accepted) or returns a handle; every
 * accepted callback then either ran exactly once or its handle reads {@code isCancelled()}:
 * nothing is dropped silently. The round itself is {@link CloseRace}.
 */
final class LoopCloseRaceStressTest {
  static final int ROUNDS = Stress.pick(200, 5_000);

  @Test
  @Timeout(120)
  void callSoonThreadsafe_eightThreadsDuringClose_everyAcceptedCallbackRanOrIsCancelled()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      EventLoop loop = EventLoops.newEventLoop();
      CountDownLatch loopStarted = new CountDownLatch(1);
      Thread runner =
          new Thread(
              () -> {
                loop.callSoonThreadsafe(loopStarted::countDown);
                loop.runForever();
              });
      runner.start();
      loopStarted.await();
      CloseRace.round(
          round,
          loop,
          () -> {
            loop.stop();
            runner.join();
            loop.close();
          });
    }
  }
}
