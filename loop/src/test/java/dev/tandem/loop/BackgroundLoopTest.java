package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.Handle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
final class BackgroundLoopTest {

  @Test
  void start_returnsWithTheLoopRunningOnANamedDaemonThread() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-bg")) {
      assertThat(background.loop().isRunning()).isTrue();
      assertThat(background.thread().isDaemon()).isTrue();
      AtomicReference<String> ranOn = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      background.loop().execute(() -> {
        ranOn.set(Thread.currentThread().getName());
        ran.countDown();
      });
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ranOn.get()).isEqualTo("tandem-bg");
    }
  }

  @Test
  void shutdown_stopsClosesAndJoins_cancellingPendingTimers() throws Exception {
    BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-bg-shutdown");
    Handle timer = background.loop().callLater(Duration.ofHours(1), () -> {});
    assertThat(background.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(background.thread().isAlive()).isFalse();
    assertThat(background.loop().isClosed()).isTrue();
    assertThat(timer.isCancelled()).isTrue();
    assertThat(background.shutdown(Duration.ofSeconds(1))).as("idempotent").isTrue();
  }

  @Test
  void close_fromTheLoopThread_doesNotWaitForItself() throws Exception {
    BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-bg-self");
    background.loop().execute(background::close);
    background.thread().join(TimeUnit.SECONDS.toMillis(10));
    assertThat(background.thread().isAlive()).isFalse();
    assertThat(background.loop().isClosed()).isTrue();
  }

  @Test
  void builderBackgroundLoop_usesTheConfiguredClock() throws Exception {
    ManualClock clock = ManualClock.create();
    try (BackgroundLoop background =
        EventLoops.builder().clock(clock).startBackgroundLoop("tandem-bg-clock")) {
      CountDownLatch fired = new CountDownLatch(1);
      background.loop().callLater(Duration.ofDays(1), fired::countDown);
      clock.advance(Duration.ofDays(1));
      assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
