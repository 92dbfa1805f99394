package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a hosted loop does beyond the loop contract: see {@link EventLoops#hosted}. */
@Timeout(20)
final class HostedEventLoopTest {
  private final ExecutorHost host = new ExecutorHost("test-host");
  private final RecordingHandler handler = new RecordingHandler();
  private final EventLoop loop = EventLoops.builder().exceptionHandler(handler).buildHosted(host);

  @AfterEach
  void closeAll() throws Exception {
    if (!loop.isClosed()) {
      onHost(
          () -> {
            loop.close();
            return null;
          });
    }
    host.close();
  }

  /** Runs {@code action} as a task of the host itself (not as loop work) and returns its value. */
  private <T> T onHost(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    host.scheduler.execute(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void runForeverAndRunUntilComplete_throwBecauseTheHostOwnsTheThread() {
    assertThatThrownBy(loop::runForever)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hosted event loop")
        .hasMessageContaining("ExecutorHost");
    LoopFuture<String> f = loop.createFuture();
    assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(IllegalStateException.class);
    assertThat(loop.isRunning()).isTrue();
  }

  @Test
  void loopOperations_refuseAHostedLoop_sayingWhy() {
    assertThatThrownBy(() -> LoopOperations.health(loop))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hosted and foreign loops have no watchdog");
  }

  @Test
  void isRunning_fromCreation_andInLoopThread_inTheHostsOwnTasks() throws Exception {
    assertThat(loop.isRunning()).isTrue();
    assertThat(loop.inLoopThread()).isFalse();
    assertThat(onHost(loop::inLoopThread)).isTrue();
  }

  @Test
  void hostsOwnCode_mayUseCallSoonAndLoopFuturesDirectly() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    onHost(
        () -> {
          LoopFuture<String> f = loop.createFuture();
          f.addDoneCallback(done -> seen.complete(done.result() + " on loop " + loop.inLoopThread()));
          loop.callSoon(() -> f.setResult("v"));
          return null;
        });
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("v on loop true");
  }

  @Test
  void callbacksScheduledByCallbacks_costTheHostOneTaskPerBatch() throws Exception {
    await().until(() -> onHost(() -> RunningLoop.current() == loop)); // the first batch ran
    int before = host.executed.get();
    CompletableFuture<Integer> ran = new CompletableFuture<>();
    AtomicInteger count = new AtomicInteger();
    loop.callSoonThreadsafe(
        () -> {
          for (int i = 0; i < 1000; i++) {
            loop.callSoon(count::incrementAndGet);
          }
          loop.callSoon(() -> ran.complete(count.get()));
        });
    assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    // one task for the threadsafe callback's batch, one for the batch it scheduled
    assertThat(host.executed.get() - before).isLessThanOrEqualTo(2);
  }

  @Test
  void theHostThread_isMarkedAsRunningTheLoop_untilItStops() throws Exception {
    await().until(() -> onHost(() -> RunningLoop.current() == loop));
    loop.stop();
    await().until(() -> !loop.isRunning());
    assertThat(onHost(RunningLoop::current)).isNull();
    assertThat(onHost(loop::inLoopThread)).isFalse();
  }

  @Test
  void combinators_takeTheLoopItselfAsHost_notTheForeignAdapter() {
    assertThat(Combinators.host(loop)).isSameAs(loop);
  }

  @Test
  void close_onTheHostThread_cancelsOwnedFutures_andRunsTheCloseActionsThere() throws Exception {
    LoopFuture<String> owned = LoopFutures.cancelOnClose(loop.createFuture());
    List<String> actions = new ArrayList<>();
    loop.onClose(() -> actions.add("closed " + loop.isClosed() + " on host " + host.inHostThread()));
    onHost(
        () -> {
          loop.close();
          return null;
        });
    assertThat(loop.isClosed()).isTrue();
    assertThat(loop.isRunning()).isFalse();
    assertThatThrownBy(owned::result)
        .isInstanceOf(CancelledException.class)
        .hasMessage("event loop closed");
    assertThat(actions).containsExactly("closed true on host true");
  }

  @Test
  void close_afterTheHostEnded_worksFromAnyThread() throws Exception {
    LoopFuture<String> owned = LoopFutures.cancelOnClose(loop.createFuture());
    host.close();
    loop.close();
    assertThat(loop.isClosed()).isTrue();
    assertThat(owned.isCancelled()).isTrue();
  }

  @Test
  void stopFromACallback_letsTheRestOfTheBatchRun_butNotWhatItSchedules() throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> batchDone = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          loop.callSoon( // the next batch: this one, then the one below
              () -> {
                loop.stop();
                loop.callSoon(() -> ran.add("scheduled by the stopping callback"));
              });
          loop.callSoon(
              () -> {
                ran.add("queued before the stop: running " + loop.isRunning());
                batchDone.complete(null);
              });
        });
    batchDone.get(10, TimeUnit.SECONDS);
    await().until(() -> !loop.isRunning());
    loop.close();
    assertThat(ran).containsExactly("queued before the stop: running true");
  }

  @Test
  void close_fromAnotherThreadWhileRunning_stopsTheLoopOnItsHostFirst() throws Exception {
    CompletableFuture<Void> blocked = new CompletableFuture<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    loop.callSoonThreadsafe(
        () -> {
          blocked.complete(null);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ran.add("the running callback finished");
        });
    blocked.get(10, TimeUnit.SECONDS);
    Thread closer =
        new Thread(
            () -> {
              loop.close();
              ran.add("closed");
            },
            "closer");
    closer.start();
    await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(10_000);
    assertThat(ran).containsExactly("the running callback finished", "closed");
    assertThat(loop.isClosed()).isTrue();
  }

  @Test
  void aThrowingCallback_goesToTheExceptionHandler_andTheLoopGoesOn() throws Exception {
    CompletableFuture<Void> after = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          throw new IllegalStateException("expected by the test");
        });
    loop.callSoonThreadsafe(() -> after.complete(null));
    after.get(10, TimeUnit.SECONDS);
    assertThat(handler.reports()).hasSize(1);
    assertThat(handler.reports().get(0).message()).isEqualTo("Exception in callback");
    assertThat(handler.onLoopThread()).containsExactly(true);
  }

  @Test
  void timers_runOnTheHostThread_neverBeforeTheirDeadline() throws Exception {
    CompletableFuture<Long> late = new CompletableFuture<>();
    long start = loop.time();
    loop.callLater(
        Duration.ofMillis(30),
        () -> late.complete(loop.inLoopThread() ? loop.time() - start : -1));
    assertThat(late.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
  }

  @Test
  void aCallbackChain_letsTheHostsOwnTasksRunInBetween() throws Exception {
    AtomicInteger hops = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean hostRan = new java.util.concurrent.atomic.AtomicBoolean();
    loop.callSoonThreadsafe(
        new Runnable() {
          @Override
          public void run() {
            hops.incrementAndGet();
            if (!hostRan.get()) {
              loop.callSoon(this); // forever, until the host's own task got its turn
            }
          }
        });
    await().until(() -> hops.get() > 0);
    host.scheduler.execute(() -> hostRan.set(true));
    await().untilTrue(hostRan);
  }

  @Test
  void aBurstOfCallSoonThreadsafe_costsTheHostOneTask() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<Void> blocked = new CompletableFuture<>();
    host.scheduler.execute(
        () -> {
          blocked.complete(null);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    blocked.get(10, TimeUnit.SECONDS);
    int before = host.executed.get();
    CompletableFuture<Integer> ran = new CompletableFuture<>();
    AtomicInteger count = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      loop.callSoonThreadsafe(count::incrementAndGet);
    }
    loop.callSoonThreadsafe(() -> ran.complete(count.get()));
    int tasks = host.executed.get() - before;
    release.countDown();
    assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo(100);
    assertThat(tasks).isLessThanOrEqualTo(1);
  }

  @Test
  void stopFromAnotherThread_runsWhatThatThreadQueuedBefore() throws Exception {
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    loop.callSoonThreadsafe(() -> ran.add("queued before stop"));
    loop.stop();
    await().until(() -> !loop.isRunning());
    loop.callSoonThreadsafe(() -> ran.add("queued after stop"));
    loop.close();
    assertThat(ran).containsExactly("queued before stop");
  }

  @Test
  void closeFromACallback_dropsTheRestOfTheBatch() throws Exception {
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    loop.onClose(() -> closed.complete(null));
    loop.callSoonThreadsafe(
        () -> {
          loop.callSoon(
              () -> {
                ran.add("closing");
                loop.close();
              });
          loop.callSoon(() -> ran.add("after the close, same batch"));
        });
    closed.get(10, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("closing");
    assertThat(loop.isClosed()).isTrue();
  }

  @Test
  void closeFromADoneCallback_dropsTheFuturesLaterCallbacks_asItDropsQueuedOnes() throws Exception {
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    loop.onClose(() -> closed.complete(null));
    loop.callSoonThreadsafe(
        () -> {
          LoopFuture<String> f = loop.createFuture();
          f.addDoneCallback(x -> ran.add("first"));
          f.addDoneCallback(
              x -> {
                ran.add("closing");
                loop.close();
              });
          f.addDoneCallback(x -> ran.add("after the close"));
          f.setResult("v");
        });
    closed.get(10, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("first", "closing");
  }

  @Test
  void buildHosted_withAManualClock_isRefused() {
    assertThatThrownBy(() -> EventLoops.builder().clock(ManualClock.create()).buildHosted(host))
        .isInstanceOf(IllegalStateException.class);
  }
}
