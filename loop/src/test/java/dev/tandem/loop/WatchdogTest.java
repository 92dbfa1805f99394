package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocked-loop watchdog, driven by a manual clock and {@link Watchdog#checkNow()}. */
@Timeout(30)
final class WatchdogTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final ManualClock clock = ManualClock.create();
  private final CountDownLatch release = new CountDownLatch(1);
  private BackgroundLoop background =
      EventLoops.builder()
          .clock(clock)
          .exceptionHandler(handler)
          .blockedThreshold(Duration.ofSeconds(2))
          .startBackgroundLoop("watched-loop");

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    background.shutdown(Duration.ofSeconds(5));
  }

  private DefaultEventLoop loop() {
    return (DefaultEventLoop) background.loop();
  }

  /** Submits a callback that blocks on {@link #release}; returns once its thread is parked. */
  private Runnable blockTheLoop() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Runnable blocker =
        new Runnable() {
          @Override
          public void run() {
            started.countDown();
            awaitRelease();
          }

          @Override
          public String toString() {
            return "the blocking callback";
          }
        };
    loop().callSoonThreadsafe(blocker);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    /* started says the callback runs, not that its thread is parked in awaitRelease yet. */
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> background.thread().getState() == Thread.State.WAITING);
    return blocker;
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<LoopErrorContext> reports(LoopErrorContext.Kind kind) {
    return handler.reports().stream().filter(r -> r.kind() == kind).collect(Collectors.toList());
  }

  private void awaitIdle() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> loop().isSleeping());
  }

  @Test
  void aBlockedCallback_isReportedWhileStillBlocked_withTheLoopThreadsStack() throws Exception {
    blockTheLoop();
    Watchdog.checkNow();
    clock.advance(Duration.ofSeconds(2));
    Watchdog.checkNow();

    assertThat(release.getCount()).as("still blocked").isEqualTo(1);
    LoopErrorContext report = reports(LoopErrorContext.Kind.LOOP_BLOCKED).get(0);
    assertThat(report.message()).contains("watched-loop").contains("2000 ms");
    assertThat(report.callbackDescription()).isEqualTo("the blocking callback");
    assertThat(report.duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(report.exception()).isNotNull();
    assertThat(report.exception().getStackTrace())
        .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("awaitRelease"))
        .anySatisfy(e -> assertThat(e.getClassName()).isEqualTo(CountDownLatch.class.getName()));
    assertThat(handler.threads()).allSatisfy(t -> assertThat(t).isNotSameAs(background.thread()));
    assertThat(LoopOperations.health(loop()).blockedEpisodes()).isEqualTo(1);
  }

  @Test
  void reportsRepeatAtDoublingIntervals_andOnceMoreWhenTheCallbackReturns() throws Exception {
    blockTheLoop();
    Watchdog.checkNow();
    for (int second = 1; second <= 9; second++) {
      clock.advance(Duration.ofSeconds(1));
      Watchdog.checkNow();
    }
    assertThat(reports(LoopErrorContext.Kind.LOOP_BLOCKED))
        .extracting(LoopErrorContext::duration)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(reports(LoopErrorContext.Kind.LOOP_UNBLOCKED)).isEmpty();

    release.countDown();
    awaitIdle();
    Watchdog.checkNow();
    assertThat(reports(LoopErrorContext.Kind.LOOP_UNBLOCKED))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.duration()).isEqualTo(Duration.ofSeconds(9));
              assertThat(r.callbackDescription()).isEqualTo("the blocking callback");
              assertThat(r.message()).contains("9000 ms");
            });
    assertThat(LoopOperations.health(loop()).blockedEpisodes()).as("one episode").isEqualTo(1);
  }

  @Test
  void aCallbackUnderTheThreshold_isNeverReported() throws Exception {
    blockTheLoop();
    Watchdog.checkNow();
    clock.advance(Duration.ofMillis(1999));
    Watchdog.checkNow();
    release.countDown();
    awaitIdle();
    Watchdog.checkNow();
    assertThat(handler.reports()).isEmpty();
  }

  @Test
  void manyShortCallbacks_areNotABlockedLoop() {
    for (int i = 0; i < 5; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      loop().callSoonThreadsafe(ran::countDown);
      Awaitility.await().until(() -> ran.getCount() == 0);
      awaitIdle();
      Watchdog.checkNow();
      clock.advance(Duration.ofSeconds(3));
      Watchdog.checkNow();
    }
    assertThat(handler.reports()).isEmpty();
  }

  @Test
  void aLoopThreadParkedOnAFutureOfItsOwnLoop_isReportedAsADeadlock() throws Exception {
    CountDownLatch parked = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    loop()
        .callSoonThreadsafe(
            () -> {
              LoopFuture<String> own = loop().createFuture();
              parked.countDown();
              while (!done.get()) {
                LockSupport.park(own); // what a third-party wait utility does
              }
            });
    assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> background.thread().getState() == Thread.State.WAITING);
    Watchdog.checkNow();
    clock.advance(Duration.ofSeconds(2));
    Watchdog.checkNow();
    done.set(true);
    LockSupport.unpark(background.thread());

    assertThat(reports(LoopErrorContext.Kind.LOOP_DEADLOCKED))
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("; deadlock:").contains("a future of this loop").doesNotContain("possible"));
  }

  @Test
  void theSharedCheckerThread_reportsWithoutBeingDriven() throws Exception {
    background.shutdown(Duration.ofSeconds(5));
    background =
        EventLoops.builder()
            .exceptionHandler(handler)
            .blockedThreshold(Duration.ofMillis(50))
            .startBackgroundLoop("watched-real-time");
    blockTheLoop();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !reports(LoopErrorContext.Kind.LOOP_BLOCKED).isEmpty());
    assertThat(release.getCount()).as("reported while blocked").isEqualTo(1);
    release.countDown();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !reports(LoopErrorContext.Kind.LOOP_UNBLOCKED).isEmpty());
    assertThat(handler.threads()).extracting(Thread::getName).containsOnly(Watchdog.THREAD_NAME);
  }

  @Test
  void aThousandLoops_shareOneCheckerThread() {
    List<EventLoop> loops = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      loops.add(EventLoops.newEventLoop());
    }
    try {
      assertThat(Watchdog.registered()).isGreaterThanOrEqualTo(1000);
      Watchdog.checkNow();
      assertThat(
              Thread.getAllStackTraces().keySet().stream()
                  .filter(t -> t.getName().equals(Watchdog.THREAD_NAME)))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.isDaemon()).isTrue();
                assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
              });
    } finally {
      loops.forEach(EventLoop::close);
    }
    assertThat(loops)
        .allSatisfy(
            l -> assertThat(Watchdog.isRegistered(((DefaultEventLoop) l).watchdogEntry())).isFalse());
  }

  @Test
  void aCollectedLoop_disappearsFromTheWatchdog() {
    EventLoop dropped = EventLoops.newEventLoop();
    Watchdog.Entry entry = ((DefaultEventLoop) dropped).watchdogEntry();
    WeakReference<EventLoop> ref = new WeakReference<>(dropped);
    dropped = null;
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              System.gc();
              return ref.get() == null;
            });
    Watchdog.checkNow();
    assertThat(Watchdog.isRegistered(entry)).isFalse();
  }

  @Test
  void watchdogOff_registersNothing() {
    EventLoop unwatched = EventLoops.builder().watchdog(false).build();
    try {
      assertThat(((DefaultEventLoop) unwatched).watchdogEntry()).isNull();
      assertThat(LoopOperations.health(unwatched).blockedEpisodes()).isZero();
    } finally {
      unwatched.close();
    }
  }

  @Test
  void blockedThreshold_mustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EventLoops.builder().blockedThreshold(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
