package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the adapters normalise, whatever the wrapped type does differently. */
@Timeout(10)
final class AdaptersTest {

  @Test
  void completableFutureAdapter_runsCallbacksInRegistrationOrderThoughTheSourceIsLifo() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    List<String> rawOrder = new ArrayList<>();
    cf.whenComplete((v, x) -> rawOrder.add("first"));
    cf.whenComplete((v, x) -> rawOrder.add("second"));
    ExecutorFuture<String> f = ExecutorFutures.from(cf);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      f.addDoneCallback(x -> order.add("cb" + n));
    }
    cf.complete("v");
    assertThat(rawOrder).containsExactly("second", "first");
    assertThat(order).containsExactly("cb0", "cb1", "cb2", "cb3", "cb4");
  }

  @Test
  void cancel_throughTheCompletableFutureAdapter_endsCancelledEvenWhereTheSourcesCancelWouldFail() {
    // Like HttpClient's futures: cancel(true) aborts the operation, which fails the future first.
    CompletableFuture<String> abortable =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            completeExceptionally(new java.io.IOException("Request cancelled"));
            return super.cancel(mayInterruptIfRunning);
          }
        };
    ExecutorFuture<String> f = ExecutorFutures.from(abortable);
    assertThat(f.cancel("no longer needed")).isTrue();
    assertThat(abortable.isCancelled()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(CancelledException.class).hasMessage("no longer needed");
  }

  @Test
  void cancel_throughTheAdapter_cancelsTheSourceAndKeepsTheMessage() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    ExecutorFuture<String> f = ExecutorFutures.from(cf);
    assertThat(f.cancel("shutting down")).isTrue();
    assertThat(cf.isCancelled()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(CancelledException.class).hasMessage("shutting down");
    // The source's own dependents see the message too (read raw: JDK 23+ join/get re-wrap it).
    assertThat(cf.handle((v, x) -> x).join())
        .isInstanceOf(CancellationException.class)
        .hasMessage("shutting down");

    SettableFuture<String> lf = SettableFuture.create();
    ExecutorFuture<String> g = ExecutorFutures.from(lf);
    assertThat(g.cancel("bye")).isTrue();
    assertThat(lf.isCancelled()).isTrue();
    assertThatThrownBy(g::exception).isInstanceOf(CancelledException.class).hasMessage("bye");
  }

  @Test
  void cancel_ofTheSourceDirectly_isSeenByTheAdapterAndReturnsTrueAgain() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    ExecutorFuture<String> f = ExecutorFutures.from(cf);
    cf.completeExceptionally(new CancellationException("source said why"));
    assertThat(f.isCancelled()).isTrue();
    assertThat(f.cancel()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(CancelledException.class).hasMessage("source said why");

    SettableFuture<String> lf = SettableFuture.create();
    ExecutorFuture<String> g = ExecutorFutures.from(lf);
    lf.cancel(false);
    assertThat(g.cancel("late")).isTrue();
    assertThatThrownBy(g::result).isInstanceOf(CancelledException.class).hasMessage(null);
  }

  @Test
  void wrappersOfTheFailure_areStrippedTheSameWayForBothSources() {
    IOException io = new IOException("disk");
    CompletableFuture<String> cf = new CompletableFuture<>();
    cf.completeExceptionally(new CompletionException(io));
    assertThat(ExecutorFutures.from(cf).exception()).isSameAs(io);
    CompletableFuture<String> async =
        CompletableFuture.supplyAsync(
            () -> {
              throw new IllegalStateException("in supplyAsync");
            });
    assertThat(catchJoin(async)).isInstanceOf(CompletionException.class);
    assertThat(ExecutorFutures.from(async).exception()).isInstanceOf(IllegalStateException.class);

    SettableFuture<String> lf = SettableFuture.create();
    lf.setException(new ExecutionException(io));
    assertThat(ExecutorFutures.from(lf).exception()).isSameAs(io);
  }

  @Test
  void adapters_neverReportRunning() {
    CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> "x");
    assertThat(ExecutorFutures.from(cf).isRunning()).isFalse();
    assertThat(ExecutorFutures.from(SettableFuture.<String>create()).isRunning()).isFalse();
  }

  @Test
  void doneFactories_giveDoneFutures() {
    assertThat(ExecutorFutures.completed("v").result()).isEqualTo("v");
    IOException io = new IOException("x");
    assertThat(ExecutorFutures.failed(io).exception()).isSameAs(io);
    ExecutorFuture<String> cancelled = ExecutorFutures.cancelled("why");
    assertThat(cancelled.isCancelled()).isTrue();
    assertThatThrownBy(cancelled::result).hasMessage("why");
    assertThatThrownBy(() -> ExecutorFutures.failed(new CancellationException()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cancelled(message)");
    assertThatThrownBy(() -> ExecutorFutures.failed(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ExecutorFutures.from((CompletableFuture<String>) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aSelfCompletedFuture_isAnAdapterOverANewCompletableFuture() {
    CompletableFuture<String> control = new CompletableFuture<>();
    ExecutorFuture<String> handedOut = ExecutorFutures.from(control);
    List<String> seen = new ArrayList<>();
    handedOut.addDoneCallback(f -> seen.add(f.result()));
    control.complete("set by the producer");
    assertThat(seen).containsExactly("set by the producer");
  }

  private static Throwable catchJoin(CompletableFuture<?> cf) {
    try {
      cf.join();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void removedCallbacks_leaveNoNodesBehind_inEveryKindOfExecutorFuture() {
    List<ExecutorFutureBase<String>> kinds =
        List.of(
            (ExecutorFutureBase<String>) ExecutorFutures.from(new CompletableFuture<String>()),
            (ExecutorFutureBase<String>) ExecutorFutures.from(SettableFuture.<String>create()),
            new TaskFutureContractTest.TaskSubject<String>().future);
    for (ExecutorFutureBase<String> future : kinds) {
      Consumer<AsyncFuture<String>> kept = f -> {};
      future.addDoneCallback(kept);
      for (int i = 0; i < 1000; i++) {
        Consumer<AsyncFuture<String>> waiter = f -> {};
        future.addDoneCallback(waiter);
        assertThat(future.removeDoneCallback(waiter)).isEqualTo(1);
      }
      assertThat(future.linkedCallbackCount()).as(future.getClass().getSimpleName()).isEqualTo(1);
    }
  }
}
