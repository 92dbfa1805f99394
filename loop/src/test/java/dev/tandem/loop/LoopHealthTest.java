package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LoopOperations#health}: each value moves as the loop does. */
@Timeout(30)
final class LoopHealthTest {
  private final ManualClock clock = ManualClock.create();
  private final EventLoop loop =
      EventLoops.builder().clock(clock).lagSamplePeriod(1).watchdog(false).build();

  @AfterEach
  void close() {
    loop.close();
  }

  private LoopHealth health() {
    return LoopOperations.health(loop);
  }

  /** Runs {@code probe} on the loop thread and returns what it saw. */
  private LoopHealth healthOnTheLoop() {
    AtomicReference<LoopHealth> seen = new AtomicReference<>();
    loop.callSoon(() -> seen.set(health()));
    TestLoops.runUntilIdle(loop);
    return seen.get();
  }

  @Test
  void callbacksRun_countsCallbacksAndDoneCallbacks() {
    AtomicReference<Long> before = new AtomicReference<>();
    AtomicReference<Long> after = new AtomicReference<>();
    LoopFuture<String> f = loop.createFuture();
    f.setResult("x");
    loop.callSoon(() -> before.set(health().callbacksRun()));
    f.addDoneCallback(done -> {}); // done: scheduled now, after the first callback
    loop.callSoon(() -> {});
    loop.callSoon(() -> after.set(health().callbacksRun()));
    TestLoops.runUntilIdle(loop);
    assertThat(after.get() - before.get()).isEqualTo(3);
  }

  @Test
  void readyQueueAndInboxDepth_countWhatWaits() {
    loop.callSoon(() -> {});
    loop.callSoon(() -> {});
    for (int i = 0; i < 3; i++) {
      loop.callSoonThreadsafe(() -> {});
    }
    assertThat(health().readyQueueDepth()).isEqualTo(2);
    assertThat(health().inboxDepth()).isEqualTo(3);
    TestLoops.runUntilIdle(loop);
    assertThat(health().readyQueueDepth()).isZero();
    assertThat(health().inboxDepth()).isZero();
  }

  @Test
  void inboxDepth_seenFromAnotherThreadWhileTheLoopRuns() throws Exception {
    try (BackgroundLoop background = EventLoops.builder().startBackgroundLoop("health-bg")) {
      CompletableFuture<Void> blocked = new CompletableFuture<>();
      CompletableFuture<Void> release = new CompletableFuture<>();
      background.loop().execute(() -> {
        blocked.complete(null);
        release.join();
      });
      blocked.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 4; i++) {
        background.loop().execute(() -> {});
      }
      LoopHealth seen = LoopOperations.health(background.loop());
      release.complete(null);
      assertThat(seen.inboxDepth()).isEqualTo(4);
    }
  }

  @Test
  void pendingTimers_countTheHeap() {
    loop.callSoon(() -> loop.callLater(Duration.ofSeconds(5), () -> {}));
    TestLoops.runUntilIdle(loop);
    assertThat(health().pendingTimers()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    TestLoops.runUntilIdle(loop);
    assertThat(health().pendingTimers()).isZero();
  }

  @Test
  void ownedFutures_countWhatTheLoopWouldComplete() {
    List<Runnable> tasks = new ArrayList<>();
    LoopFuture<String> f = loop.runInExecutor(tasks::add, () -> "later");
    assertThat(health().ownedFutures()).isEqualTo(1);
    f.cancel();
    TestLoops.runUntilIdle(loop);
    assertThat(healthOnTheLoop().ownedFutures()).isZero();
  }

  @Test
  void slowCallbacks_countInDebugMode() {
    EventLoop debug =
        EventLoops.builder()
            .clock(clock)
            .debug(true)
            .exceptionHandler((l, c) -> {})
            .slowCallbackThreshold(Duration.ofMillis(100))
            .build();
    try {
      debug.callSoon(() -> clock.advance(Duration.ofMillis(150)));
      debug.callSoon(() -> {});
      TestLoops.runUntilIdle(debug);
      assertThat(LoopOperations.health(debug).slowCallbacks()).isEqualTo(1);
    } finally {
      debug.close();
    }
  }

  @Test
  void loopLag_isMeasuredFromTheThreadsafeEnqueueToTheCallbackStart() {
    loop.callSoonThreadsafe(() -> {});
    clock.advance(Duration.ofMillis(5));
    loop.callSoonThreadsafe(() -> {});
    clock.advance(Duration.ofMillis(10));
    loop.callSoon(() -> {}); // callSoon is not measured
    TestLoops.runUntilIdle(loop);
    LoopHealth h = health();
    assertThat(h.lagSamples()).isEqualTo(2);
    assertThat(h.lagTotal()).isEqualTo(Duration.ofMillis(25));
    assertThat(h.lagP50()).isEqualTo(Duration.ofMillis(10));
    assertThat(h.lagP99()).isEqualTo(Duration.ofMillis(15));
    assertThat(h.lagMax()).isEqualTo(Duration.ofMillis(15));
  }

  @Test
  void beforeAnyMeasurement_lagIsZero() {
    assertThat(health().lagSamples()).isZero();
    assertThat(health().lagMax()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aClosedLoop_stillHasHealth() {
    loop.close();
    assertThat(health().readyQueueDepth()).isZero();
  }

  @Test
  void aForeignLoop_isRefused() {
    assertThatThrownBy(() -> LoopOperations.health(new SimpleLoop()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
