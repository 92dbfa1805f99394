package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code allOf}, {@code allSettled} and {@code firstOf} over executor and loop futures mixed. */
@Timeout(30)
final class ExecutorCombinatorsGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeLoop loop = new FakeLoop();

  @AfterEach
  void tearDown() {
    loop.close();
  }

  private LoopFuture<String> loopFuture() throws InterruptedException {
    AtomicReference<LoopFuture<String>> f = new AtomicReference<>();
    loop.runOnLoop(() -> f.set(loop.createFuture()));
    return f.get();
  }

  // ---- allOf

  @Test
  void allOf_givesTheValuesInInputOrder_whateverOrderTheyCompleteIn() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    SettableExecutorFuture<String> b = ExecutorFutures.settable();
    SettableExecutorFuture<String> c = ExecutorFutures.settable();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(a, b, c));
    c.setResult("c");
    a.setResult("a");
    assertThat(all.isDone()).isFalse();
    b.setResult(null);
    assertThat(all.result()).containsExactly("a", null, "c");
    assertThatThrownBy(() -> all.result().add("d")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void allOf_ofExecutorAndLoopFuturesMixed_completesOnTheLastOnesThread() throws Exception {
    LoopFuture<String> onLoop = loopFuture();
    SettableExecutorFuture<String> onThreads = ExecutorFutures.settable();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(onLoop, onThreads));
    onThreads.setResult("thread");
    AtomicReference<String> callbackOn = new AtomicReference<>();
    all.addDoneCallback(f -> callbackOn.set(Thread.currentThread().getName()));
    loop.runOnLoop(() -> onLoop.setResult("loop"));
    assertThat(all.result(WAIT)).containsExactly("loop", "thread");
    assertThat(callbackOn.get()).isEqualTo("fake-loop");
  }

  @Test
  void allOf_whenAnInputFails_failsWithTheSameObject_andLeavesTheOthersAlone() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    SettableExecutorFuture<String> b = ExecutorFutures.settable();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(a, b));
    IOException io = new IOException("b failed");
    b.setException(io);
    assertThat(all.exception()).isSameAs(io);
    assertThat(a.isDone()).isFalse();
  }

  @Test
  void allOf_whenAnInputIsCancelled_isCancelledWithItsMessage_andLeavesTheOthersAlone() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    SettableExecutorFuture<String> b = ExecutorFutures.settable();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(a, b));
    a.cancel("a gone");
    assertThat(Failures.cancelMessage(all)).isEqualTo("a gone");
    assertThat(b.isDone()).isFalse();
  }

  @Test
  void allOf_cancelled_cancelsEveryInputNotDone_withTheMessage_onALoopFutureOnItsLoop()
      throws Exception {
    SettableExecutorFuture<String> done = ExecutorFutures.settable();
    done.setResult("done");
    SettableExecutorFuture<String> pending = ExecutorFutures.settable();
    LoopFuture<String> onLoop = loopFuture();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(done, pending, onLoop));
    assertThat(all.cancel("caller left")).isTrue();
    assertThat(Failures.cancelMessage(pending)).isEqualTo("caller left");
    await().atMost(WAIT).until(onLoop::isCancelled);
    assertThat(Failures.cancelMessage(onLoop)).isEqualTo("caller left");
    assertThat(done.isCancelled()).isFalse();
  }

  @Test
  void allOf_ofNothing_isCompletedAtOnceWithAnEmptyList() {
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.<AsyncFuture<String>>of());
    assertThat(all.isDone()).isTrue();
    assertThat(all.result()).isEmpty();
  }

  @Test
  void allOf_ofAFutureGivenTwice_holdsItsValueAtBothPlaces() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    ExecutorFuture<List<String>> all = ExecutorCombinators.allOf(List.of(a, a));
    a.setResult("twice");
    assertThat(all.result()).containsExactly("twice", "twice");
  }

  @Test
  void allOf_withAPendingLoopFutureOfAClosedLoop_isCancelledWithAMessageSayingSo()
      throws Exception {
    LoopFuture<String> onLoop = loopFuture();
    loop.close();
    ExecutorFuture<List<String>> all =
        ExecutorCombinators.allOf(List.of(onLoop, ExecutorFutures.completed("x")));
    assertThat(Failures.cancelMessage(all)).contains("closed");
  }

  // ---- allSettled

  @Test
  void allSettled_givesTheInputsThemselves_inOrder_onceEveryOneIsDone() {
    SettableExecutorFuture<String> ok = ExecutorFutures.settable();
    SettableExecutorFuture<String> failed = ExecutorFutures.settable();
    SettableExecutorFuture<String> cancelled = ExecutorFutures.settable();
    ExecutorFuture<List<AsyncFuture<String>>> settled =
        ExecutorCombinators.allSettled(List.of(ok, failed, cancelled));
    IOException io = new IOException();
    failed.setException(io);
    cancelled.cancel("c");
    assertThat(settled.isDone()).isFalse();
    ok.setResult("v");
    assertThat(settled.result()).containsExactly(ok, failed, cancelled);
    assertThat(settled.result().get(1).exception()).isSameAs(io);
  }

  @Test
  void allSettled_ofLoopAndExecutorFutures_waitsForTheLoopOne() throws Exception {
    LoopFuture<String> onLoop = loopFuture();
    ExecutorFuture<List<AsyncFuture<String>>> settled =
        ExecutorCombinators.allSettled(List.of(ExecutorFutures.completed("x"), onLoop));
    loop.drain();
    assertThat(settled.isDone()).isFalse();
    loop.runOnLoop(() -> onLoop.cancel("loop cancelled"));
    assertThat(settled.result(WAIT)).containsExactly(settled.result().get(0), onLoop);
    assertThat(settled.isCancelled()).as("a cancelled input is settled, not a cancel").isFalse();
  }

  @Test
  void allSettled_cancelled_cancelsEveryInputNotDone() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    ExecutorFuture<List<AsyncFuture<String>>> settled = ExecutorCombinators.allSettled(List.of(a));
    assertThat(settled.cancel("stop")).isTrue();
    assertThat(Failures.cancelMessage(a)).isEqualTo("stop");
  }

  @Test
  void allSettled_ofNothing_isCompletedAtOnceWithAnEmptyList_andKeepsDuplicates() {
    assertThat(ExecutorCombinators.allSettled(List.<AsyncFuture<String>>of()).result()).isEmpty();
    ExecutorFuture<String> a = ExecutorFutures.completed("a");
    assertThat(ExecutorCombinators.allSettled(List.of(a, a)).result()).containsExactly(a, a);
  }

  // ---- firstOf

  @Test
  void firstOf_takesTheFirstValue_andLeavesTheOthersAlone() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    SettableExecutorFuture<String> b = ExecutorFutures.settable();
    ExecutorFuture<String> first = ExecutorCombinators.firstOf(List.of(a, b));
    b.setResult("b");
    assertThat(first.result()).isEqualTo("b");
    assertThat(a.isDone()).isFalse();
    a.setResult("a");
    assertThat(first.result()).isEqualTo("b");
  }

  @Test
  void firstOf_takesTheFirstFailure_asTheSameObject() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    IOException io = new IOException();
    ExecutorFuture<String> first =
        ExecutorCombinators.firstOf(List.of(a, ExecutorFutures.<String>failed(io)));
    assertThat(first.exception()).isSameAs(io);
    assertThat(a.isDone()).isFalse();
  }

  @Test
  void firstOf_takesTheFirstCancellation_withItsMessage() {
    SettableExecutorFuture<String> a = ExecutorFutures.settable();
    SettableExecutorFuture<String> b = ExecutorFutures.settable();
    ExecutorFuture<String> first = ExecutorCombinators.firstOf(List.of(a, b));
    a.cancel("a first");
    assertThat(Failures.cancelMessage(first)).isEqualTo("a first");
    assertThat(b.isDone()).isFalse();
  }

  @Test
  void firstOf_ofDoneExecutorFutures_takesTheFirstInInputOrder() {
    ExecutorFuture<String> first =
        ExecutorCombinators.firstOf(
            List.of(ExecutorFutures.completed("one"), ExecutorFutures.completed("two")));
    assertThat(first.result()).isEqualTo("one");
  }

  @Test
  void firstOf_aLoopFutureCanWin() throws Exception {
    LoopFuture<String> onLoop = loopFuture();
    SettableExecutorFuture<String> onThreads = ExecutorFutures.settable();
    ExecutorFuture<String> first = ExecutorCombinators.firstOf(List.of(onThreads, onLoop));
    loop.runOnLoop(() -> onLoop.setResult("loop"));
    assertThat(first.result(WAIT)).isEqualTo("loop");
    assertThat(onThreads.isDone()).isFalse();
  }

  @Test
  void firstOf_cancelled_cancelsEveryInputNotDone() throws Exception {
    LoopFuture<String> onLoop = loopFuture();
    SettableExecutorFuture<String> onThreads = ExecutorFutures.settable();
    ExecutorFuture<String> first = ExecutorCombinators.firstOf(Arrays.asList(onThreads, onLoop));
    assertThat(first.cancel("none wanted")).isTrue();
    assertThat(Failures.cancelMessage(onThreads)).isEqualTo("none wanted");
    await().atMost(WAIT).until(onLoop::isCancelled);
    assertThat(Failures.cancelMessage(onLoop)).isEqualTo("none wanted");
  }

  @Test
  void firstOf_ofNothing_throwsAtTheCallSite() {
    assertThatThrownBy(() -> ExecutorCombinators.firstOf(List.<AsyncFuture<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
