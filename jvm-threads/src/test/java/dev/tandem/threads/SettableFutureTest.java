package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.InvalidStateException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class SettableFutureTest {

  @Test
  void setResult_returnsTrueOnlyForTheCallThatCompletedIt() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    assertThat(f.setResult("first")).isTrue();
    assertThat(f.setResult("second")).isFalse();
    assertThat(f.setException(new IOException())).isFalse();
    assertThat(f.cancel()).isFalse();
    assertThat(f.result()).isEqualTo("first");
  }

  @Test
  void setException_keepsTheSameObject_andACheckedOneIsWrappedByResult() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    IOException io = new IOException("disk");
    assertThat(f.setException(new CompletionException(io))).isTrue();
    assertThat(f.exception()).isSameAs(io);
    assertThatThrownBy(f::result).isInstanceOf(CompletionException.class).cause().isSameAs(io);
  }

  @Test
  void orThrowVariants_onADoneFuture_throwInvalidStateAndLeaveItUnchanged() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    f.setResultOrThrow("v");
    assertThatThrownBy(() -> f.setResultOrThrow("w"))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("already done");
    assertThatThrownBy(() -> f.setExceptionOrThrow(new IOException()))
        .isInstanceOf(InvalidStateException.class);
    assertThat(f.result()).isEqualTo("v");
  }

  @Test
  void badInput_isRejectedAtTheCallSite_andTheFutureStaysPending() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    assertThatThrownBy(() -> f.setException(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> f.setException(new CancellationException("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cancel the future instead");
    assertThatThrownBy(() -> f.setExceptionOrThrow(new CancelledException("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(f.isDone()).isFalse();
  }

  @Test
  void setRunningOrNotifyCancel_onAPendingFuture_makesItRunningAndNoLongerCancellable() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    assertThat(f.setRunningOrNotifyCancel()).isTrue();
    assertThat(f.isRunning()).isTrue();
    assertThat(f.toString()).contains("status=RUNNING");
    assertThat(f.cancel("too late")).isFalse();
    assertThat(f.isCancelled()).isFalse();
    assertThatThrownBy(f::setRunningOrNotifyCancel).isInstanceOf(InvalidStateException.class);
    assertThat(f.setResult("done")).isTrue();
    assertThat(f.isRunning()).isFalse();
    assertThat(f.result()).isEqualTo("done");
  }

  @Test
  void setRunningOrNotifyCancel_onACancelledFuture_returnsFalseAfterTheCallbacksRan() {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    AtomicInteger ran = new AtomicInteger();
    f.addDoneCallback(done -> ran.incrementAndGet());
    f.cancel("not wanted");
    assertThat(f.setRunningOrNotifyCancel()).isFalse();
    assertThat(ran).hasValue(1);
    assertThatThrownBy(f::result).isInstanceOf(CancelledException.class).hasMessage("not wanted");
  }

  @Test
  void callbacks_runInTheCompletingThread_andWaitersSeeTheValue() throws Exception {
    SettableExecutorFuture<String> f = ExecutorFutures.settable();
    CopyOnWriteArrayList<Thread> ranOn = new CopyOnWriteArrayList<>();
    f.addDoneCallback(done -> ranOn.add(Thread.currentThread()));
    Thread completer = new Thread(() -> f.setResult("v"), "completer");
    completer.start();
    assertThat(f.result(Duration.ofSeconds(5))).isEqualTo("v");
    completer.join(5_000);
    assertThat(ranOn).containsExactly(completer);
  }

  @Test
  void racingSetAndCancel_exactlyOneWins_andEveryCallbackRunsExactlyOnce() throws Exception {
    for (int round = 0; round < 500; round++) {
      SettableExecutorFuture<Integer> f = ExecutorFutures.settable();
      AtomicInteger calls = new AtomicInteger();
      Consumer<AsyncFuture<Integer>> callback = done -> calls.incrementAndGet();
      f.addDoneCallback(callback);
      f.addDoneCallback(callback);
      AtomicInteger wins = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(3);
      Thread setter = racer(start, () -> f.setResult(1), wins);
      Thread failer = racer(start, () -> f.setException(new IOException()), wins);
      Thread canceller = racer(start, () -> ((SettableFuture<Integer>) f).tryCancel("race"), wins);
      setter.join(5_000);
      failer.join(5_000);
      canceller.join(5_000);
      assertThat(f.isDone()).isTrue();
      assertThat(wins.get()).as("round %d", round).isEqualTo(1);
      assertThat(calls).as("round %d", round).hasValue(2);
    }
  }

  private static Thread racer(CyclicBarrier start, java.util.function.BooleanSupplier move, AtomicInteger wins) {
    Thread t =
        new Thread(
            () -> {
              try {
                start.await(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              if (move.getAsBoolean()) {
                wins.incrementAndGet();
              }
            });
    t.start();
    return t;
  }
}
