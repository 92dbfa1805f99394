package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.RunningLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every blocking entry point of every object this module hands out fails fast on a running
 * loop's thread unless what it waits for is done (issue 11: the {@code CompletableFuture} view
 * blocked for the whole timeout, and {@code join()} forever). Each case would hang or time out
 * if the guard were missing, so each runs under a short JUnit timeout.
 */
@Timeout(10)
final class DeadlockGuardTest {

  private final FutureExecutor pool = FutureExecutor.newFixedPool(1, "guard-test");

  @AfterEach
  void shutdown() {
    pool.shutdown(false, true);
  }

  /** A named blocking call on a pending future of some kind. */
  record Case(String name, ThrowingConsumer<Void> blockingCall) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> blockingCallsOnPendingFutures() {
    return Stream.of(
        new Case("settable.get()", v -> ExecutorFutures.settable().get()),
        new Case("settable.get(timeout)", v -> ExecutorFutures.settable().get(2, TimeUnit.SECONDS)),
        new Case("settable.result(timeout)", v -> ExecutorFutures.settable().result(Duration.ofSeconds(2))),
        new Case("settable.exception(timeout)", v -> ExecutorFutures.settable().exception(Duration.ofSeconds(2))),
        new Case("from(cf).get()", v -> ExecutorFutures.from(new CompletableFuture<>()).get()),
        new Case("from(lf).result(timeout)", v -> ExecutorFutures.from(SettableFuture.create()).result(Duration.ofSeconds(2))),
        new Case("asCompletableFuture(settable).join()", v -> cfView().join()),
        new Case("asCompletableFuture(settable).get()", v -> cfView().get()),
        new Case("asCompletableFuture(settable).get(timeout)", v -> cfView().get(2, TimeUnit.SECONDS)),
        new Case("dependent stage of a view .join()", v -> cfView().thenApply(s -> s + "!").join()),
        new Case("two stages down .get(timeout)", v -> cfView().thenApply(s -> s).thenCompose(CompletableFuture::completedFuture).get(2, TimeUnit.SECONDS)),
        new Case("asCompletableFuture(from(lf)).join()", v -> ExecutorFutures.asCompletableFuture(ExecutorFutures.from(SettableFuture.<String>create())).join()),
        new Case("asListenableFuture(settable).get()", v -> lfView().get()),
        new Case("asListenableFuture(settable).get(timeout)", v -> lfView().get(2, TimeUnit.SECONDS)),
        new Case("FutureWaits.wait", v -> FutureWaits.wait(List.of(ExecutorFutures.settable()), dev.tandem.api.ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(2))),
        new Case("FutureWaits.asCompleted next()", v -> FutureWaits.asCompleted(List.of(ExecutorFutures.settable()), Duration.ofSeconds(2)).next()));
  }

  private static CompletableFuture<String> cfView() {
    return ExecutorFutures.asCompletableFuture(ExecutorFutures.<String>settable());
  }

  private static ListenableFuture<String> lfView() {
    return ExecutorFutures.asListenableFuture(ExecutorFutures.<String>settable());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blockingCallsOnPendingFutures")
  void blockingCall_onALoopThread_failsFastWithBlockingOnLoopException(Case c) {
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      assertThatThrownBy(() -> c.blockingCall().accept(null))
          .isInstanceOf(BlockingOnLoopException.class)
          .hasMessageContaining("Refusing to block thread '" + Thread.currentThread().getName() + "'");
    }
  }

  @Test
  void views_ofDoneFutures_readOnALoopThreadWithoutComplaint() throws Exception {
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(ExecutorFutures.completed("v"));
      assertThat(view.join()).isEqualTo("v");
      SettableExecutorFuture<String> settable = ExecutorFutures.settable();
      CompletableFuture<String> settableView = ExecutorFutures.asCompletableFuture(settable);
      settable.setResult("w");
      assertThat(settableView.get(1, TimeUnit.SECONDS)).isEqualTo("w");
      assertThat(settableView.thenApply(s -> s + "!").join()).isEqualTo("w!");
      assertThat(ExecutorFutures.asListenableFuture(settable).get()).isEqualTo("w");
      assertThat(settable.result(Duration.ofSeconds(1))).isEqualTo("w");
    }
  }

  @Test
  void map_onALoopThread_failsFast() {
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      assertThatThrownBy(() -> pool.map(x -> x, List.of(1, 2)))
          .isInstanceOf(BlockingOnLoopException.class);
    }
  }

  @Test
  void shutdownWithWait_onALoopThread_failsFastAndLeavesThePoolRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorFuture<Boolean> blocker = pool.submit(() -> release.await(10, TimeUnit.SECONDS));
    try (RunningLoop.Scope onLoop = OnLoopThread.enter()) {
      assertThatThrownBy(() -> pool.shutdown(true, false))
          .isInstanceOf(BlockingOnLoopException.class);
    }
    assertThat(pool.isShutdown()).isFalse();
    release.countDown();
    assertThat(blocker.result(Duration.ofSeconds(5))).isTrue();
  }
}
