package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.ExecutorFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CompletableFuture and ListenableFuture views, tested as their own users would. */
@Timeout(10)
final class ViewsTest {
  private final FutureExecutor executor = FutureExecutor.newFixedPool(1, "views-test");

  @AfterEach
  void shutdown() {
    executor.shutdown(false, true);
  }

  /** A pending source that is not a CompletableFuture adapter (so views are real views). */
  private static TaskFuture<String> pendingTask() {
    return new TaskFuture<>(() -> "ran", null);
  }

  // ---- round trips ----

  @Test
  void roundTrips_returnTheOriginalObject() {
    ExecutorFuture<String> task = pendingTask();
    assertThat(ExecutorFutures.from(ExecutorFutures.asCompletableFuture(task))).isSameAs(task);
    assertThat(ExecutorFutures.from(ExecutorFutures.asListenableFuture(task))).isSameAs(task);
    CompletableFuture<String> cf = new CompletableFuture<>();
    assertThat(ExecutorFutures.asCompletableFuture(ExecutorFutures.from(cf))).isSameAs(cf);
    SettableFuture<String> lf = SettableFuture.create();
    assertThat(ExecutorFutures.asListenableFuture(ExecutorFutures.from(lf))).isSameAs(lf);
  }

  // ---- CompletableFuture view ----

  @Test
  void completableView_seesTheValueAndRunsDependentsAddedBeforeAndAfter() throws Exception {
    TaskFuture<String> task = pendingTask();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    CompletableFuture<Integer> before = view.thenApply(String::length);
    assertThat(view.isDone()).isFalse();
    task.run();
    assertThat(before.get(1, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(view.thenApply(s -> s + "!").join()).isEqualTo("ran!");
    assertThat(view.getNow("absent")).isEqualTo("ran");
  }

  @Test
  void completableView_carriesTheSameFailureObject() {
    IOException io = new IOException("disk");
    TaskFuture<String> task = new TaskFuture<>(() -> { throw io; }, null);
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    task.run();
    assertThatThrownBy(view::get).isInstanceOf(ExecutionException.class).cause().isSameAs(io);
    assertThatThrownBy(view::join).isInstanceOf(CompletionException.class).cause().isSameAs(io);
    assertThat(view.handle((v, x) -> x).join()).isSameAs(io);
  }

  @Test
  void completableView_whenTheSourceIsCancelledWithAMessage_throwsCancellationWithIt() {
    TaskFuture<String> task = pendingTask();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    task.cancel("not needed");
    assertThat(view.isCancelled()).isTrue();
    assertThatThrownBy(view::join).isInstanceOf(CancellationException.class).hasMessage("not needed");
    assertThatThrownBy(view::get).isInstanceOf(CancellationException.class).hasMessage("not needed");
  }

  @Test
  void completableView_cancelled_cancelsTheSource() {
    TaskFuture<String> task = pendingTask();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    assertThat(view.cancel(true)).isTrue();
    assertThat(task.isCancelled()).isTrue();
    assertThat(view.isCancelled()).isTrue();
    // CompletableFuture.cancel: "true if this task is now cancelled", also on a second call.
    assertThat(view.cancel(true)).isTrue();

    TaskFuture<String> other = pendingTask();
    CompletableFuture<String> otherView = ExecutorFutures.asCompletableFuture(other);
    assertThat(otherView.completeExceptionally(new CancellationException("from CF side"))).isTrue();
    assertThatThrownBy(other::result).hasMessage("from CF side");
  }

  @Test
  void completableView_ofARunningTask_cannotBeCancelled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorFuture<String> running =
        executor.submit(
            () -> {
              started.countDown();
              release.await();
              return "finished";
            });
    started.await();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(running);
    assertThat(view.cancel(true)).isFalse();
    assertThat(view.isDone()).isFalse();
    release.countDown();
    assertThat(view.get(5, TimeUnit.SECONDS)).isEqualTo("finished");
  }

  @Test
  void completableView_completedByItsUser_leavesTheSourceAlone() {
    TaskFuture<String> task = pendingTask();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    view.complete("mine");
    assertThat(task.isDone()).isFalse();
    task.run();
    assertThat(view.join()).isEqualTo("mine");
    assertThat(task.result()).isEqualTo("ran");
  }

  @Test
  void completableView_getWithTimeout_timesOutWithoutCancelling() {
    TaskFuture<String> task = pendingTask();
    CompletableFuture<String> view = ExecutorFutures.asCompletableFuture(task);
    assertThatThrownBy(() -> view.get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(task.isCancelled()).isFalse();
    assertThat(view.isCancelled()).isFalse();
  }

  // ---- ListenableFuture view ----

  @Test
  void listenableView_runsListenersAddedBeforeAndAfterCompletion() {
    TaskFuture<String> task = pendingTask();
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    List<String> seen = new ArrayList<>();
    Futures.addCallback(view, recording(seen), MoreExecutors.directExecutor());
    assertThat(seen).isEmpty();
    task.run();
    Futures.addCallback(view, recording(seen), MoreExecutors.directExecutor());
    assertThat(seen).containsExactly("success:ran", "success:ran");
  }

  @Test
  void listenableView_runsListenersOnTheirExecutor() throws Exception {
    TaskFuture<String> task = pendingTask();
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    List<Runnable> handedToExecutor = new ArrayList<>();
    Executor recordingExecutor = handedToExecutor::add;
    AtomicReference<String> ran = new AtomicReference<>();
    view.addListener(() -> ran.set("listener"), recordingExecutor);
    task.run();
    assertThat(ran.get()).isNull();
    assertThat(handedToExecutor).hasSize(1);
    handedToExecutor.get(0).run();
    assertThat(ran.get()).isEqualTo("listener");
  }

  @Test
  void listenableView_worksWithGuavaCombinators() throws Exception {
    TaskFuture<String> task = pendingTask();
    ListenableFuture<Integer> length =
        Futures.transform(
            ExecutorFutures.asListenableFuture(task), String::length, MoreExecutors.directExecutor());
    task.run();
    assertThat(length.get(1, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(Futures.getDone(ExecutorFutures.asListenableFuture(task))).isEqualTo("ran");
  }

  @Test
  void listenableView_carriesTheSameFailureObject() {
    IOException io = new IOException("disk");
    TaskFuture<String> task = new TaskFuture<>(() -> { throw io; }, null);
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    List<String> seen = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Futures.addCallback(
        view,
        new FutureCallback<String>() {
          @Override
          public void onSuccess(String result) {
            seen.add("success");
          }

          @Override
          public void onFailure(Throwable t) {
            failure.set(t);
          }
        },
        MoreExecutors.directExecutor());
    task.run();
    assertThat(failure.get()).isSameAs(io);
    assertThatThrownBy(view::get).isInstanceOf(ExecutionException.class).cause().isSameAs(io);
    assertThat(seen).isEmpty();
  }

  @Test
  void listenableView_cancellation_crossesBothWaysWithTheMessage() {
    TaskFuture<String> task = pendingTask();
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    assertThat(view.cancel(false)).isTrue();
    assertThat(task.isCancelled()).isTrue();
    assertThat(view.cancel(false)).isFalse();

    TaskFuture<String> other = pendingTask();
    ListenableFuture<String> otherView = ExecutorFutures.asListenableFuture(other);
    other.cancel("from the executor side");
    assertThat(otherView.isCancelled()).isTrue();
    assertThatThrownBy(otherView::get)
        .isInstanceOf(CancellationException.class)
        .hasMessage("from the executor side");
  }

  @Test
  void listenableView_getWithTimeout_timesOutWithoutCancelling() {
    TaskFuture<String> task = pendingTask();
    ListenableFuture<String> view = ExecutorFutures.asListenableFuture(task);
    assertThatThrownBy(() -> view.get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> view.get(-1, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(view.isCancelled()).isFalse();
  }

  private static FutureCallback<String> recording(List<String> seen) {
    return new FutureCallback<>() {
      @Override
      public void onSuccess(@Nullable String result) {
        seen.add("success:" + result);
      }

      @Override
      public void onFailure(Throwable t) {
        seen.add("failure:" + t);
      }
    };
  }
}
