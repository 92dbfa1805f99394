package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * api's {@link LoopThreads} rules against a real loop: every module that reaches a loop future
 * from another thread goes through them, so each sentence of their Javadoc is checked here.
 */
@Timeout(10)
final class LoopThreadsTest {

  private final List<String> events = new CopyOnWriteArrayList<>();

  private Consumer<AsyncFuture<String>> recordDone() {
    return f -> events.add("done " + (f.isCancelled() ? "cancelled" : f.result()) + " on " + Thread.currentThread().getName());
  }

  @Test
  void observe_fromAnotherThread_deliversOnTheLoopThread_andDeregistersTheCloseWatch() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<String> future = loop.createFuture();
    Thread runner = new Thread(loop::runForever, "observed-loop");
    runner.start();
    await().until(loop::isRunning);
    LoopThreads.observe(future, recordDone(), () -> events.add("closed"));
    loop.callSoonThreadsafe(() -> future.setResult("v"));
    await().until(() -> events.size() == 1);
    loop.callSoonThreadsafe(loop::stop);
    await().until(() -> !loop.isRunning());
    loop.close();
    assertThat(events).containsExactly("done v on observed-loop");
  }

  @Test
  void observe_whenTheLoopClosesWhileThePendingFutureIsObserved_runsOnLoopClosedOnce() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<String> future = loop.createFuture();
    LoopThreads.observe(future, recordDone(), () -> events.add("closed on " + Thread.currentThread().getName()));
    Thread closer = new Thread(loop::close, "closer");
    closer.start();
    await().until(() -> !closer.isAlive());
    assertThat(events).containsExactly("closed on closer");
  }

  @Test
  void observe_aFutureTheClosingLoopCancels_isDeliveredAsDone() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<String> owned = LoopFutures.cancelOnClose(loop.<String>createFuture());
    LoopThreads.observe(owned, recordDone(), () -> events.add("closed"));
    loop.close();
    assertThat(events).singleElement().asString().startsWith("done cancelled");
  }

  @Test
  void observe_onAClosedLoop_runsAtOnce_doneOrNot() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<String> done = loop.createFuture();
    done.setResult("v");
    LoopFuture<String> pending = loop.createFuture();
    loop.close();
    LoopThreads.observe(done, recordDone(), () -> events.add("closed"));
    LoopThreads.observe(pending, recordDone(), () -> events.add("closed"));
    assertThat(events).containsExactly("done v on " + Thread.currentThread().getName(), "closed");
  }

  @Test
  void observe_cancelledHandle_stopsBothDeliveries() {
    EventLoop loop = EventLoops.newEventLoop();
    LoopFuture<String> future = loop.createFuture();
    Handle handle = LoopThreads.observe(future, recordDone(), () -> events.add("closed"));
    assertThat(handle.cancel()).isTrue();
    assertThat(handle.cancel()).isFalse();
    TestLoops.runUntilIdle(loop); // the hopped registration, then its removal, run
    future.setResult("v");
    TestLoops.runUntilIdle(loop);
    loop.close();
    assertThat(events).isEmpty();
  }

  @Test
  void cancelUnlessDone_fromAnotherThread_cancelsOnTheLoop_andNeverADoneFuture() throws Exception {
    BackgroundLoop background = EventLoops.startBackgroundLoop("cancel-loop");
    try {
      EventLoop loop = background.loop();
      LoopFuture<String> pending = onLoop(loop, loop::createFuture);
      LoopFuture<String> done = onLoop(loop, () -> {
        LoopFuture<String> f = loop.createFuture();
        f.setResult("kept");
        return f;
      });
      LoopThreads.cancelUnlessDone(pending, "why");
      LoopThreads.cancelUnlessDone(done, "why");
      assertThat(onLoop(loop, () -> pending.isCancelled() && !done.isCancelled())).isTrue();
      assertThat(onLoop(loop, done::result)).isEqualTo("kept");
    } finally {
      background.close();
    }
  }

  private static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> work) throws Exception {
    java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
    loop.callSoonThreadsafe(() -> {
      try {
        result.complete(work.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
