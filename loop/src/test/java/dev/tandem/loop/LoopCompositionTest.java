package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop kind's composition operators keep the loop kind's rules: the function runs later on
 * the loop thread, never inline; cancellation crosses both ways with its message; failures keep
 * their identity; chains of any length are stack-safe.
 */
@Timeout(30)
final class LoopCompositionTest {
  private final EventLoop loop = EventLoops.newEventLoop();
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void close() {
    loop.close();
  }

  private <T extends @Nullable Object> LoopFuture<T> done(T value) {
    LoopFuture<T> f = loop.createFuture();
    f.setResult(value);
    return f;
  }

  // ---- threads ----

  @Test
  void map_onADoneInput_runsTheFunctionLaterOnTheLoopThread_neverInline() {
    LoopFuture<Integer> len =
        LoopFutures.map(done("four"), s -> {
          log.add("fn on loop thread: " + loop.inLoopThread());
          return s.length();
        });
    assertThat(log).as("not inside map()").isEmpty();
    assertThat(len.loop()).isSameAs(loop);
    assertThat(loop.runUntilComplete(len)).isEqualTo(4);
    assertThat(log).containsExactly("fn on loop thread: true");
  }

  @Test
  void map_outputCallbacks_runLaterInRegistrationOrder_afterTheFunction() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<String> upper = LoopFutures.map(input, s -> {
      log.add("fn");
      return s.toUpperCase();
    });
    upper.addDoneCallback(f -> log.add("cb1 " + f.result()));
    upper.addDoneCallback(f -> log.add("cb2"));
    loop.callSoon(() -> {
      input.setResult("x");
      log.add("after setResult");
    });
    TestLoops.runUntilIdle(loop);
    assertThat(log).containsExactly("after setResult", "fn", "cb1 X", "cb2");
  }

  @Test
  void operators_fromAForeignThreadWhileTheLoopRuns_failFastWithWrongThread() throws Exception {
    LoopFuture<String> input = loop.createFuture();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    loop.callSoon(running::countDown);
    Thread other = new Thread(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
        LoopFutures.map(input, s -> s);
      } catch (Throwable t) {
        thrown.set(t);
      } finally {
        checked.countDown();
        loop.callSoonThreadsafe(() -> input.setResult("end"));
      }
    }, "foreign-composer");
    other.start();
    loop.runUntilComplete(input);
    assertThat(checked.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(thrown.get()).isInstanceOf(WrongThreadException.class)
        .hasMessageContaining("foreign-composer");
  }

  // ---- failures ----

  @Test
  void map_ofAFailedInput_failsWithTheSameObjectUnwrapped_withoutCallingTheFunction() {
    IOException io = new IOException("disk");
    LoopFuture<String> input = loop.createFuture();
    input.setException(new CompletionException(io));
    LoopFuture<Integer> out = LoopFutures.map(input, s -> {
      log.add("called");
      return 1;
    });
    TestLoops.runUntilIdle(loop);
    assertThat(out.exception()).isSameAs(io);
    assertThat(log).isEmpty();
  }

  @Test
  void map_whoseFunctionThrows_failsWithThatExactObject_andACancellationCancels() {
    UncheckedIOException boom = new UncheckedIOException(new IOException("x"));
    LoopFuture<Integer> failed = LoopFutures.map(done("a"), s -> {
      throw boom;
    });
    LoopFuture<Integer> cancelled = LoopFutures.map(done("a"), s -> {
      throw new CancellationException("gave up");
    });
    TestLoops.runUntilIdle(loop);
    assertThat(failed.exception()).isSameAs(boom);
    assertThat(cancelled.isCancelled()).isTrue();
    assertThatThrownBy(cancelled::result).isInstanceOf(CancelledException.class).hasMessage("gave up");
  }

  @Test
  void recover_turnsAFailureIntoAValue_onlyOfTheGivenType_andNeverACancellation() {
    LoopFuture<String> io = loop.createFuture();
    io.setException(new IOException("disk"));
    LoopFuture<String> state = loop.createFuture();
    IllegalStateException ise = new IllegalStateException("no");
    state.setException(ise);
    LoopFuture<String> cancelled = loop.createFuture();
    cancelled.cancel("stop");
    LoopFuture<String> any = LoopFutures.recover(io, t -> "recovered " + t.getMessage());
    LoopFuture<String> typed = LoopFutures.recover(state, IOException.class, e -> "wrong");
    LoopFuture<String> notACancellation = LoopFutures.recover(cancelled, t -> "wrong");
    LoopFuture<String> value = LoopFutures.recover(done("v"), t -> "wrong");
    TestLoops.runUntilIdle(loop);
    assertThat(any.result()).isEqualTo("recovered disk");
    assertThat(typed.exception()).isSameAs(ise);
    assertThatThrownBy(notACancellation::result).isInstanceOf(CancelledException.class).hasMessage("stop");
    assertThat(value.result()).isEqualTo("v");
  }

  @Test
  void andFinally_runsOnEveryOutcome_keepsIt_andAThrowingActionReplacesIt() {
    LoopFuture<String> failedInput = loop.createFuture();
    IOException io = new IOException("disk");
    failedInput.setException(io);
    LoopFuture<String> cancelledInput = loop.createFuture();
    cancelledInput.cancel("why");
    IllegalStateException actionFailure = new IllegalStateException("cleanup failed");
    LoopFuture<String> ok = LoopFutures.andFinally(done("v"), () -> log.add("ok"));
    LoopFuture<String> failed = LoopFutures.andFinally(failedInput, () -> log.add("failed"));
    LoopFuture<String> cancelled = LoopFutures.andFinally(cancelledInput, () -> log.add("cancelled"));
    LoopFuture<String> replaced = LoopFutures.andFinally(done("v"), () -> {
      throw actionFailure;
    });
    TestLoops.runUntilIdle(loop);
    assertThat(log).containsExactly("ok", "failed", "cancelled");
    assertThat(ok.result()).isEqualTo("v");
    assertThat(failed.exception()).isSameAs(io);
    assertThatThrownBy(cancelled::result).hasMessage("why");
    assertThat(replaced.exception()).isSameAs(actionFailure);
  }

  // ---- cancellation ----

  @Test
  void cancellingTheInput_cancelsTheOutputWithTheSameMessage() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<Integer> out = LoopFutures.map(input, String::length);
    input.cancel("upstream gone");
    TestLoops.runUntilIdle(loop);
    assertThatThrownBy(out::result).isInstanceOf(CancelledException.class).hasMessage("upstream gone");
  }

  @Test
  void cancellingTheOutput_beforeTheFunctionRan_cancelsThePendingInput_andTheFunctionNeverRuns() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<Integer> out = LoopFutures.map(input, s -> {
      log.add("called");
      return 1;
    });
    assertThat(out.cancel("not needed")).isTrue();
    assertThatThrownBy(input::result).isInstanceOf(CancelledException.class).hasMessage("not needed");
    TestLoops.runUntilIdle(loop);
    assertThat(log).isEmpty();
  }

  @Test
  void cancellingTheOutput_neverCancelsAnInputThatIsDone() {
    LoopFuture<String> input = done("kept");
    LoopFuture<Integer> out = LoopFutures.map(input, String::length);
    assertThat(out.cancel("late")).isTrue();
    TestLoops.runUntilIdle(loop);
    assertThat(input.result()).isEqualTo("kept");
  }

  @Test
  void compose_toAnExecutorKindFuture_andBack_carriesItsOutcome() {
    SourceFuture<Integer> task = new SourceFuture<>();
    LoopFuture<Integer> out =
        LoopFutures.map(LoopFutures.compose(done("abc"), s -> task), n -> n * 2);
    TestLoops.runUntilIdle(loop);
    assertThat(out.isDone()).isFalse();
    new Thread(() -> task.complete(21), "pool-thread").start();
    assertThat(loop.runUntilComplete(out)).isEqualTo(42);
  }

  @Test
  void compose_cancellingTheOutputWhileTheInnerFutureIsPending_cancelsItWithTheMessage() {
    SourceFuture<Integer> task = new SourceFuture<>();
    LoopFuture<Integer> out = LoopFutures.compose(done("abc"), s -> task);
    TestLoops.runUntilIdle(loop); // the function ran; the inner future is pending
    assertThat(out.cancel("deadline")).isTrue();
    TestLoops.runUntilIdle(loop);
    assertThat(task.isCancelled()).isTrue();
    assertThatThrownBy(task::result).hasMessage("deadline");
  }

  @Test
  void compose_toAFutureOfAnotherLoop_completesOnThisLoop() {
    EventLoop other = EventLoops.newEventLoop();
    try {
      LoopFuture<String> there = other.createFuture();
      LoopFuture<String> out = LoopFutures.compose(done(1), n -> there);
      TestLoops.runUntilIdle(loop);
      there.setResult("from the other loop"); // the other loop is not running: set-up mode
      TestLoops.runUntilIdle(other);
      assertThat(loop.runUntilComplete(out)).isEqualTo("from the other loop");
    } finally {
      other.close();
    }
  }

  @Test
  void compose_whoseFunctionReturnsNull_failsWithAnNpeNamingTheFunction() {
    Function<String, @Nullable AsyncFuture<String>> nothing = new Function<>() {
      @Override
      public @Nullable AsyncFuture<String> apply(String s) {
        return null;
      }

      @Override
      public String toString() {
        return "lookupUser";
      }
    };
    @SuppressWarnings("NullAway")
    LoopFuture<String> out = LoopFutures.compose(done("id"), (Function<String, AsyncFuture<String>>) (Function<?, ?>) nothing);
    TestLoops.runUntilIdle(loop);
    assertThat(out.exception()).isInstanceOf(NullPointerException.class).hasMessageContaining("lookupUser");
  }

  @Test
  void closingTheLoop_cancelsAPendingOutput() {
    LoopFuture<String> input = loop.createFuture();
    LoopFuture<Integer> out = LoopFutures.map(input, String::length);
    loop.close();
    assertThat(out.isCancelled()).isTrue();
  }

  // ---- stack and bad input ----

  @Test
  void aMillionChainedMaps_completeWithoutOverflowingTheStack() {
    LoopFuture<Integer> head = loop.createFuture();
    LoopFuture<Integer> tail = head;
    for (int i = 0; i < 1_000_000; i++) {
      tail = LoopFutures.map(tail, n -> n + 1);
    }
    head.setResult(0);
    assertThat(loop.runUntilComplete(tail)).isEqualTo(1_000_000);
  }

  @Test
  void badInput_isRejectedAtTheCallSite() {
    LoopFuture<String> input = loop.createFuture();
    assertThatThrownBy(() -> LoopFutures.map(null, s -> s)).isInstanceOf(NullPointerException.class).hasMessage("input");
    assertThatThrownBy(() -> LoopFutures.map(input, null)).isInstanceOf(NullPointerException.class).hasMessage("function");
    assertThatThrownBy(() -> LoopFutures.compose(input, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoopFutures.recover(input, null, t -> "x")).isInstanceOf(NullPointerException.class).hasMessage("type");
    assertThatThrownBy(() -> LoopFutures.andFinally(input, null)).isInstanceOf(NullPointerException.class).hasMessage("action");
    input.setResult("still usable");
    assertThat(loop.runUntilComplete(LoopFutures.map(input, String::length))).isEqualTo(12);
  }

  @Test
  void map_onAForeignLoop_runsOnThatLoop() {
    SimpleLoop foreign = new SimpleLoop();
    try {
      LoopFuture<String> input = foreign.createFuture();
      LoopFuture<Integer> out = LoopFutures.map(input, s -> {
        log.add("on foreign loop: " + foreign.inLoopThread());
        return s.length();
      });
      assertThat(out.loop()).isSameAs(foreign);
      foreign.callSoon(() -> input.setResult("abcd"));
      assertThat(foreign.runUntilComplete(out)).isEqualTo(4);
      assertThat(log).containsExactly("on foreign loop: true");
    } finally {
      foreign.close();
    }
  }
}
