package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
final class LoopFutureTest {
  private final RecordingHandler handler = new RecordingHandler();
  private final EventLoop loop = EventLoops.builder().exceptionHandler(handler).build();

  @AfterEach
  void closeLoop() {
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  @Test
  void removeDoneCallback_ofASingleCallback_returnsOneThenZero() {
    LoopFuture<String> f = loop.createFuture();
    Consumer<AsyncFuture<String>> cb = x -> {};
    f.addDoneCallback(cb);
    assertThat(f.removeDoneCallback(cb)).isEqualTo(1);
    assertThat(f.removeDoneCallback(cb)).isZero();
  }

  @Test
  void setException_withCancellationException_throwsIllegalArgumentAndStaysPending() {
    LoopFuture<String> f = loop.createFuture();
    assertThatThrownBy(() -> f.setException(new CancellationException("no")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.setException(new CancelledException("no")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(f.isDone()).isFalse();
  }

  @Test
  void setException_null_throwsNullPointerAndStaysPending() {
    LoopFuture<String> f = loop.createFuture();
    assertThatThrownBy(() -> f.setException(null)).isInstanceOf(NullPointerException.class);
    assertThat(f.isDone()).isFalse();
  }

  @Test
  void throwingCallback_isHandedToTheExceptionHandler_andTheRestStillRun() {
    LoopFuture<String> f = loop.createFuture();
    List<String> seen = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("callback failure");
    Consumer<AsyncFuture<String>> thrower =
        x -> {
          throw boom;
        };
    f.addDoneCallback(x -> seen.add("before"));
    f.addDoneCallback(thrower);
    f.addDoneCallback(x -> seen.add("after"));
    f.setResult("v");
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("before", "after");
    assertThat(handler.reports()).hasSize(1);
    LoopErrorContext report = handler.reports().get(0);
    assertThat(report.exception()).isSameAs(boom);
    assertThat(report.future()).isSameAs(f);
    assertThat(report.futureDescription()).contains("status=SUCCESS");
    assertThat(report.callbackDescription()).isEqualTo(thrower.toString());
    assertThat(report.message()).contains("done callback");
  }

  @Test
  void whileTheLoopIsNotRunning_anotherThreadMaySetUpAndComplete() throws Exception {
    LoopFuture<String> f = loop.createFuture();
    List<String> seen = new ArrayList<>();
    Thread setUp =
        new Thread(
            () -> {
              f.addDoneCallback(x -> seen.add(x.result()));
              f.setResult("from set-up thread");
            });
    setUp.start();
    setUp.join();
    TestLoops.runUntilIdle(loop);
    assertThat(seen).containsExactly("from set-up thread");
  }

  @Test
  void stateIsVisibleToAnotherThread_onceItSeesTheFutureDone() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("bg-visibility")) {
      AtomicReference<LoopFuture<int[]>> ref = new AtomicReference<>();
      CountDownLatch created = new CountDownLatch(1);
      background.loop().callSoonThreadsafe(() -> {
        ref.set(background.loop().createFuture());
        created.countDown();
      });
      assertThat(created.await(5, TimeUnit.SECONDS)).isTrue();
      LoopFuture<int[]> f = ref.get();
      background.loop().callSoonThreadsafe(() -> {
        int[] value = new int[] {42};
        f.setResult(value);
      });
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(f::isDone);
      assertThat(f.result()[0]).isEqualTo(42);
      assertThat(f.exception()).isNull();
    }
  }

  @Test
  void aChainOf100000FuturesCompletingEachOther_doesNotOverflowTheStack() {
    int n = 100_000;
    List<LoopFuture<Integer>> chain = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      chain.add(loop.createFuture());
    }
    for (int i = 0; i < n - 1; i++) {
      LoopFuture<Integer> next = chain.get(i + 1);
      chain.get(i).addDoneCallback(f -> next.setResult(f.result() + 1));
    }
    chain.get(0).setResult(0);
    assertThat(loop.runUntilComplete(chain.get(n - 1))).isEqualTo(n - 1);
  }

  @Test
  void toString_showsStatus_resultTypeNotText_cause_andCancelMessage() {
    LoopFuture<String> pending = loop.createFuture();
    assertThat(pending.toString()).matches("LoopFuture@[0-9a-f]+\\[status=PENDING\\]");
    LoopFuture<String> ok = loop.createFuture();
    ok.setResult("secret text");
    assertThat(ok.toString())
        .matches("LoopFuture@[0-9a-f]+\\[status=SUCCESS, result=\\[java.lang.String\\]\\]")
        .doesNotContain("secret");
    LoopFuture<String> nullResult = loop.createFuture();
    nullResult.setResult(null);
    assertThat(nullResult.toString()).endsWith("[status=SUCCESS, result=[null]]");
    LoopFuture<String> failed = loop.createFuture();
    failed.setException(new IOException("disk"));
    assertThat(failed.toString()).endsWith("[status=FAILURE, cause=[java.io.IOException: disk]]");
    failed.exception();
    LoopFuture<String> cancelled = loop.createFuture();
    cancelled.cancel("why");
    assertThat(cancelled.toString()).endsWith("[status=CANCELLED, message=why]");
    LoopFuture<String> cancelledQuietly = loop.createFuture();
    cancelledQuietly.cancel();
    assertThat(cancelledQuietly.toString()).endsWith("[status=CANCELLED]");
  }

  @Test
  void aMillionPendingFutures_withOneCallbackEach_fitOnOneLoop() {
    int n = 1_000_000;
    List<LoopFuture<Integer>> futures = new ArrayList<>(n);
    int[] ran = new int[1];
    Consumer<AsyncFuture<Integer>> cb = f -> ran[0]++;
    for (int i = 0; i < n; i++) {
      LoopFuture<Integer> f = loop.createFuture();
      f.addDoneCallback(cb);
      futures.add(f);
    }
    for (LoopFuture<Integer> f : futures) {
      f.setResult(1);
    }
    TestLoops.runUntilIdle(loop);
    assertThat(ran[0]).isEqualTo(n);
  }
}
