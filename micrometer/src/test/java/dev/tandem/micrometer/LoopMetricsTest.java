package dev.tandem.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopErrorContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every meter against a real {@link SimpleMeterRegistry}, moving as the loop does. */
@Timeout(60)
final class LoopMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final List<LoopErrorContext> reports = new ArrayList<>();
  private final EventLoop loop =
      EventLoops.builder()
          .debug(true)
          .slowCallbackThreshold(Duration.ofMillis(20))
          .blockedThreshold(Duration.ofMillis(50))
          .exceptionHandler((l, r) -> record(r))
          .build();

  private synchronized void record(LoopErrorContext r) {
    reports.add(r);
  }

  @AfterEach
  void close() {
    loop.close();
  }

  private double gauge(String name) {
    return registry.get(name).tag("loop", "main").gauge().value();
  }

  private double counter(String name) {
    return registry.get(name).tag("loop", "main").functionCounter().count();
  }

  /** Runs the loop until the callbacks queued so far have run. */
  private void runQueued() {
    LoopFuture<Void> done = loop.createFuture();
    loop.callSoonThreadsafe(() -> loop.callSoon(() -> done.setResult(null)));
    loop.runUntilComplete(done);
  }

  @Test
  void everyMeter_isTaggedWithTheLoopName_andTheExtraTags() {
    new LoopMetrics(loop, "main", Tags.of("app", "shop")).bindTo(registry);
    assertThat(registry.getMeters())
        .hasSize(12)
        .allSatisfy(
            m -> {
              assertThat(m.getId().getTag("loop")).isEqualTo("main");
              assertThat(m.getId().getTag("app")).isEqualTo("shop");
            });
  }

  @Test
  void callbacksAndQueueDepths_moveAsTheLoopDoes() {
    new LoopMetrics(loop, "main").bindTo(registry);
    double before = counter("tandem.loop.callbacks");
    loop.callSoon(() -> {});
    loop.callSoon(() -> {});
    loop.callSoonThreadsafe(() -> {});
    assertThat(gauge("tandem.loop.ready.depth")).isEqualTo(2);
    assertThat(gauge("tandem.loop.inbox.depth")).isEqualTo(1);
    runQueued();
    assertThat(gauge("tandem.loop.ready.depth")).isZero();
    assertThat(gauge("tandem.loop.inbox.depth")).isZero();
    assertThat(counter("tandem.loop.callbacks") - before).isGreaterThanOrEqualTo(3);
  }

  @Test
  void pendingTimersAndOwnedFutures_moveAsTheLoopDoes() {
    new LoopMetrics(loop, "main").bindTo(registry);
    List<Runnable> neverRun = new ArrayList<>();
    LoopFuture<String> owned = loop.runInExecutor(neverRun::add, () -> "x");
    assertThat(gauge("tandem.loop.futures.owned")).isEqualTo(1);
    loop.callSoon(() -> loop.callLater(Duration.ofHours(1), () -> {}));
    runQueued();
    assertThat(gauge("tandem.loop.timers.pending")).isEqualTo(1);
    loop.callSoon(() -> owned.cancel());
    runQueued();
    assertThat(gauge("tandem.loop.futures.owned")).isZero();
  }

  @Test
  void slowCallbacks_count() {
    new LoopMetrics(loop, "main").bindTo(registry);
    loop.callSoon(() -> waitOnTheLoop(30));
    runQueued();
    assertThat(counter("tandem.loop.callbacks.slow")).isEqualTo(1);
  }

  @Test
  void blockedEpisodes_countWhatTheWatchdogSaw() throws Exception {
    try (BackgroundLoop background =
        EventLoops.builder()
            .blockedThreshold(Duration.ofMillis(50))
            .exceptionHandler((l, r) -> record(r))
            .startBackgroundLoop("metrics-blocked")) {
      new LoopMetrics(background.loop(), "bg").bindTo(registry);
      CountDownLatch release = new CountDownLatch(1);
      background.loop().execute(() -> awaitQuietly(release));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.get("tandem.loop.blocked").tag("loop", "bg").functionCounter().count() == 1);
      release.countDown();
    }
  }

  @Test
  void loopLag_isMeasuredFromTheEnqueue() throws Exception {
    new LoopMetrics(loop, "main").bindTo(registry);
    int submissions = 2_000; // one in 16 is measured, at random
    for (int i = 0; i < submissions; i++) {
      loop.callSoonThreadsafe(() -> {});
    }
    waitOffTheLoop(20); // every submission waits at least this long before the loop starts it
    runQueued();
    var lag = registry.get("tandem.loop.lag").tag("loop", "main").functionTimer();
    assertThat(lag.count()).isPositive();
    assertThat(lag.mean(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
    double p50 = registry.get("tandem.loop.lag.recent").tags("loop", "main", "quantile", "0.5").gauge().value();
    double max = registry.get("tandem.loop.lag.recent").tags("loop", "main", "quantile", "1.0").gauge().value();
    assertThat(p50).isGreaterThanOrEqualTo(0.020);
    assertThat(max).isGreaterThanOrEqualTo(p50);
  }

  @Test
  void aLoopNotFromEventLoops_isRefused() {
    EventLoop foreign =
        (EventLoop)
            java.lang.reflect.Proxy.newProxyInstance(
                EventLoop.class.getClassLoader(), new Class<?>[] {EventLoop.class}, (p, m, a) -> null);
    assertThatThrownBy(() -> new LoopMetrics(foreign, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void javadocExample() {
    // the example of LoopMetrics' Javadoc
    MeterRegistry registry = new SimpleMeterRegistry();
    EventLoop loop = EventLoops.newEventLoop();
    new LoopMetrics(loop, "main").bindTo(registry);
    double lagged = registry.get("tandem.loop.lag").functionTimer().count();
    assertThat(lagged).isZero();
    loop.close();
  }

  /** Lets real time pass on the calling thread without sleeping: waits on a latch with a timeout. */
  private static void waitOffTheLoop(long millis) throws InterruptedException {
    new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
  }

  private static void waitOnTheLoop(long millis) {
    try {
      waitOffTheLoop(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
