package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.CancelledException;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every combinator and conversion on a loop that is not Tandem's own ({@link SimpleLoop}, which
 * shares no code with {@link DefaultEventLoop}): inputs are that loop's own futures, the results
 * live on it, and closing it cancels what the combinators own.
 */
@Timeout(20)
final class ForeignLoopCombinatorsTest {
  private final SimpleLoop loop = new SimpleLoop();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    if (!loop.isRunning()) {
      loop.close();
    }
    assertThat(loop.failures()).as("callbacks that threw on the foreign loop").isEmpty();
  }

  private <T extends @Nullable Object> LoopFuture<T> future() {
    return loop.createFuture();
  }

  /** Runs the loop on this thread until the callbacks queued now have run. */
  private void runQueued() {
    LoopFuture<@Nullable Void> marker = future();
    loop.callSoon(() -> marker.setResult(null));
    loop.runUntilComplete(marker);
  }

  /** Completes {@code f} with {@code value} from a callback of the loop, once it runs. */
  private <T extends @Nullable Object> void completeLater(LoopFuture<T> f, T value) {
    loop.callSoon(() -> f.setResult(value));
  }

  @Test
  void gather_onForeignLoop_collectsInInputOrder_andLivesOnThatLoop() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<List<String>> all = LoopFutures.gather(loop, List.of(a, b, a));
    assertThat(all.loop()).isSameAs(loop);
    List<Boolean> callbackOnLoop = new ArrayList<>();
    all.addDoneCallback(f -> callbackOnLoop.add(loop.inLoopThread()));
    completeLater(b, "b");
    completeLater(a, "a");
    assertThat(loop.runUntilComplete(all)).containsExactly("a", "b", "a");
    runQueued();
    assertThat(callbackOnLoop).containsExactly(true);
  }

  @Test
  void gather_onForeignLoop_failsWithTheSameObject_andCancellingItCancelsTheInputs() {
    LoopFuture<String> ok = future();
    LoopFuture<String> bad = future();
    IOException io = new IOException("io");
    LoopFuture<List<String>> failing = LoopFutures.gather(loop, List.of(ok, bad));
    loop.callSoon(() -> bad.setException(io));
    assertThatThrownBy(() -> loop.runUntilComplete(failing)).hasCause(io);
    assertThat(failing.exception()).isSameAs(io);

    LoopFuture<String> pending = future();
    LoopFuture<List<String>> cancelled = LoopFutures.gather(loop, List.of(pending));
    assertThat(cancelled.cancel("gave up")).isTrue();
    assertThat(pending.isCancelled()).isTrue();
    assertThatThrownBy(pending::result)
        .isInstanceOf(CancelledException.class)
        .hasMessage("gave up");
  }

  @Test
  void wait_onForeignLoop_splitsDoneAndNotDone_countingADuplicateOnce() {
    LoopFuture<String> a = future();
    LoopFuture<String> b = future();
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> w =
        LoopFutures.wait(loop, List.of(a, b, a), ReturnWhen.FIRST_COMPLETED, null);
    completeLater(a, "a");
    DoneAndNotDone<LoopFuture<String>> r = loop.runUntilComplete(w);
    assertThat(r.done()).containsExactly(a);
    assertThat(r.notDone()).containsExactly(b);
  }

  @Test
  void wait_onForeignLoop_timesOutOnThatLoopsTimer() {
    LoopFuture<String> never = future();
    DoneAndNotDone<LoopFuture<String>> r =
        loop.runUntilComplete(
            LoopFutures.wait(
                loop, List.of(never), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(10)));
    assertThat(r.done()).isEmpty();
    assertThat(r.notDone()).containsExactly(never);
    assertThat(never.isDone()).isFalse();
  }

  @Test
  void asCompleted_onForeignLoop_yieldsInCompletionOrder_andADuplicateOnce() {
    LoopFuture<String> first = future();
    LoopFuture<String> second = future();
    List<LoopFuture<String>> slots =
        LoopFutures.asCompleted(loop, List.of(second, first, second), null);
    assertThat(slots).hasSize(2);
    completeLater(first, "first");
    completeLater(second, "second");
    assertThat(loop.runUntilComplete(slots.get(0))).isEqualTo("first");
    assertThat(loop.runUntilComplete(slots.get(1))).isEqualTo("second");
  }

  @Test
  void asCompleted_onForeignLoop_timeout_failsTheRestWithTimeoutException() {
    List<LoopFuture<String>> slots =
        LoopFutures.asCompleted(loop, List.of(this.<String>future()), Duration.ofMillis(10));
    assertThatThrownBy(() -> loop.runUntilComplete(slots.get(0)))
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(slots.get(0).exception()).isInstanceOf(TimeoutException.class);
  }

  @Test
  void shield_onForeignLoop_cancellingTheOuter_leavesTheInnerRunning() {
    LoopFuture<String> inner = future();
    LoopFuture<String> outer = LoopFutures.shield(loop, inner);
    assertThat(outer).isNotSameAs(inner);
    assertThat(outer.cancel()).isTrue();
    assertThat(inner.isDone()).isFalse();
    LoopFuture<String> again = LoopFutures.shield(loop, inner);
    completeLater(inner, "kept");
    assertThat(loop.runUntilComplete(again)).isEqualTo("kept");
  }

  @Test
  void waitFor_onForeignLoop_timeout_cancelsTheInner_thenFailsWithTimeoutException() {
    LoopFuture<String> slow = future();
    LoopFuture<String> bounded = LoopFutures.waitFor(loop, slow, Duration.ofMillis(10));
    assertThatThrownBy(() -> loop.runUntilComplete(bounded))
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(bounded.exception()).isInstanceOf(TimeoutException.class);
    assertThat(slow.isCancelled()).isTrue();
    LoopFuture<String> quick = future();
    completeLater(quick, "in time");
    assertThat(loop.runUntilComplete(LoopFutures.waitFor(loop, quick, Duration.ofSeconds(10))))
        .isEqualTo("in time");
  }

  @Test
  void adopt_onForeignLoop_ofAnExecutorSideFuture_copiesOnTheLoopThread() {
    SourceFuture<String> foreign = new SourceFuture<>();
    LoopFuture<String> view = LoopFutures.adopt(loop, foreign);
    assertThat(view.loop()).isSameAs(loop);
    assertThat(LoopFutures.adopt(loop, view)).isSameAs(view);
    LoopFuture<String> own = future();
    assertThat(LoopFutures.adopt(loop, own)).isSameAs(own);
    List<Boolean> copiedOnLoop = new ArrayList<>();
    view.addDoneCallback(f -> copiedOnLoop.add(loop.inLoopThread()));
    pool.execute(() -> foreign.complete("from a pool thread"));
    assertThat(loop.runUntilComplete(view)).isEqualTo("from a pool thread");
    runQueued();
    assertThat(copiedOnLoop).containsExactly(true);
  }

  @Test
  void adopt_betweenTandemsLoopAndAForeignOne_crossesBothWays() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-side")) {
      EventLoop tandem = background.loop();
      CompletableFuture<LoopFuture<String>> made = new CompletableFuture<>();
      tandem.callSoonThreadsafe(() -> made.complete(tandem.createFuture()));
      LoopFuture<String> onTandem = made.get(5, TimeUnit.SECONDS);
      LoopFuture<String> viewHere = LoopFutures.adopt(loop, onTandem);
      tandem.callSoonThreadsafe(() -> onTandem.setResult("crossed"));
      assertThat(loop.runUntilComplete(viewHere)).isEqualTo("crossed");

      LoopFuture<String> onForeign = future();
      CompletableFuture<String> seenOnTandem = new CompletableFuture<>();
      CompletableFuture<Void> adopted = new CompletableFuture<>();
      tandem.callSoonThreadsafe(
          () -> {
            LoopFuture<String> viewThere = LoopFutures.adopt(tandem, onForeign);
            viewThere.addDoneCallback(f -> seenOnTandem.complete(f.result()));
            adopted.complete(null);
          });
      adopted.get(5, TimeUnit.SECONDS); // its registration now waits in the foreign loop's queue
      completeLater(onForeign, "back");
      loop.runUntilComplete(onForeign);
      runQueued(); // the view's callback
      assertThat(seenOnTandem.get(5, TimeUnit.SECONDS)).isEqualTo("back");
    }
  }

  @Test
  void close_ofTheForeignLoop_cancelsEveryFutureTheCombinatorsOwn() {
    LoopFuture<String> pending = future();
    SourceFuture<String> source = new SourceFuture<>();
    LoopFuture<List<String>> gather = LoopFutures.gather(loop, List.of(pending));
    LoopFuture<DoneAndNotDone<LoopFuture<String>>> wait =
        LoopFutures.wait(loop, List.of(pending), ReturnWhen.ALL_COMPLETED, null);
    List<LoopFuture<String>> slots = LoopFutures.asCompleted(loop, List.of(pending), null);
    LoopFuture<String> shield = LoopFutures.shield(loop, pending);
    LoopFuture<String> waitFor = LoopFutures.waitFor(loop, pending, null);
    LoopFuture<String> view = LoopFutures.adopt(loop, source);
    LoopFuture<String> registered = LoopFutures.cancelOnClose(this.<String>future());
    LoopFuture<String> unregistered = future();
    loop.close();
    for (LoopFuture<?> f : List.of(gather, wait, slots.get(0), shield, waitFor, view, registered)) {
      assertThat(f.isCancelled()).as("%s", f).isTrue();
      assertThatThrownBy(f::result).hasMessage("event loop closed");
    }
    assertThat(source.isCancelled()).as("the view's cancellation reaches its source").isTrue();
    assertThat(unregistered.isDone()).isFalse();
  }

  @Test
  void cancelOnClose_ofAForeignLoopFuture_onAClosedLoop_cancelsAtOnce() {
    loop.close();
    LoopFuture<String> f = LoopFutures.cancelOnClose(loop.createFuture());
    assertThat(f.isCancelled()).isTrue();
    assertThatThrownBy(f::result).hasMessage("event loop closed");
  }

  @Test
  void cancelOnClose_ofAFutureThatCompleted_leavesItAlone_andDeregisters() {
    LoopFuture<String> f = LoopFutures.cancelOnClose(this.<String>future());
    completeLater(f, "v");
    loop.runUntilComplete(f);
    runQueued(); // the deregistration
    loop.close();
    assertThat(f.result()).isEqualTo("v");
  }

  @Test
  void combinatorFutures_onARunningForeignLoop_rejectAnotherThread() throws Exception {
    LoopFuture<String> input = future();
    LoopFuture<String> shield = LoopFutures.shield(loop, input);
    LoopFuture<Void> release = future();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    loop.callSoon(
        () ->
            pool.execute(
                () -> {
                  try {
                    shield.cancel();
                    thrown.complete(null);
                  } catch (Throwable t) {
                    thrown.complete(t);
                  }
                  loop.callSoonThreadsafe(() -> release.setResult(null));
                }));
    loop.runUntilComplete(release);
    assertThat(thrown.get(5, TimeUnit.SECONDS))
        .isInstanceOf(WrongThreadException.class)
        .hasMessageContaining("pool-")
        .hasMessageContaining("while the event loop");
    assertThat(shield.isDone()).isFalse();
  }
}
