package dev.tandem.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.InvalidStateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour both kinds of future share (the left and right columns of the design's contract
 * table where they agree). Subclass it once per implementation and provide {@link #newSubject()};
 * a loop implementation also overrides {@link #runScheduledCallbacks()} so callbacks that were
 * only scheduled get to run.
 *
 * <p>Each test is written so that it fails if the implementation breaks the stated rule. The
 * test methods are public so that subclasses in other packages and in Kotlin can see them; every
 * implementation passes every test, none is disabled.
 *
 * <p>Executor futures subclass {@link ExecutorFutureContract} and loop futures {@link
 * LoopFutureContract} instead, which add the rules of their kind.
 */
@Timeout(10)
public abstract class AsyncFutureContract {

  /** A fresh pending future and the means to complete it as its producer would. */
  protected interface Subject<T extends @Nullable Object> {
    AsyncFuture<T> future();

    void complete(T value);

    void fail(Throwable failure);
  }

  /** A new pending future of the implementation under test. */
  protected abstract <T extends @Nullable Object> Subject<T> newSubject();

  /**
   * Runs every callback the implementation scheduled but has not run yet. Executor futures run
   * callbacks in the completing thread, so the default does nothing; loop futures run the loop
   * until its queue is empty.
   */
  protected void runScheduledCallbacks() {}

  /**
   * What {@code cancel()} returns on a future that is already cancelled: true for executor
   * futures (Python's {@code concurrent.futures}), false for loop futures (asyncio).
   */
  protected abstract boolean cancelReturnsTrueWhenAlreadyCancelled();

  // ---- states ----

  @Test
  public void pending_isNeitherDoneNorCancelled() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertFalse(f.isDone());
    assertFalse(f.isCancelled());
  }

  @Test
  public void result_whenPending_throwsInvalidState() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertThrows(InvalidStateException.class, f::result);
    assertFalse(f.isDone(), "asking early must not change the future");
  }

  @Test
  public void exception_whenPending_throwsInvalidState() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertThrows(InvalidStateException.class, f::exception);
    assertFalse(f.isDone());
  }

  @Test
  public void result_whenCompleted_returnsTheValue() {
    Subject<String> s = newSubject();
    s.complete("forty-two");
    assertTrue(s.future().isDone());
    assertFalse(s.future().isCancelled());
    assertEquals("forty-two", s.future().result());
    assertNull(s.future().exception());
  }

  @Test
  public void result_whenCompletedWithNull_returnsNull() {
    Subject<@Nullable String> s = newSubject();
    s.complete(null);
    assertTrue(s.future().isDone());
    assertNull(s.future().result());
    assertNull(s.future().exception());
  }

  @Test
  public void result_whenFailedWithRuntimeException_rethrowsTheSameObject() {
    Subject<String> s = newSubject();
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    s.fail(boom);
    assertTrue(s.future().isDone());
    assertFalse(s.future().isCancelled());
    assertSame(boom, assertThrows(IllegalArgumentException.class, s.future()::result));
    assertSame(boom, s.future().exception());
  }

  @Test
  public void result_whenFailedWithError_rethrowsTheSameError() {
    Subject<String> s = newSubject();
    AssertionError error = new AssertionError("fatal");
    s.fail(error);
    assertSame(error, assertThrows(AssertionError.class, s.future()::result));
    assertSame(error, s.future().exception());
  }

  @Test
  public void result_whenFailedWithCheckedException_wrapsItInCompletionException() {
    Subject<String> s = newSubject();
    IOException io = new IOException("disk");
    s.fail(io);
    CompletionException thrown = assertThrows(CompletionException.class, s.future()::result);
    assertSame(io, thrown.getCause());
    assertSame(io, s.future().exception(), "exception() returns the original, unwrapped");
  }

  // ---- cancellation ----

  @Test
  public void cancel_whenPending_returnsTrueAndCancels() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertTrue(f.cancel());
    assertTrue(f.isCancelled());
    assertTrue(f.isDone());
    CancelledException thrown = assertThrows(CancelledException.class, f::result);
    assertNull(thrown.getMessage());
    assertThrows(CancelledException.class, f::exception);
  }

  @Test
  public void cancel_withMessage_carriesTheMessageIntoResultAndException() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertTrue(f.cancel("user pressed stop"));
    assertEquals(
        "user pressed stop", assertThrows(CancelledException.class, f::result).getMessage());
    assertEquals(
        "user pressed stop", assertThrows(CancelledException.class, f::exception).getMessage());
  }

  @Test
  public void cancel_withNullMessage_equalsCancelWithoutMessage() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertTrue(f.cancel(null));
    assertTrue(f.isCancelled());
    assertNull(assertThrows(CancelledException.class, f::result).getMessage());
  }

  @Test
  public void cancel_whenAlreadyCancelled_keepsTheFirstMessage() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    f.cancel("first");
    assertEquals(cancelReturnsTrueWhenAlreadyCancelled(), f.cancel("second"));
    assertTrue(f.isCancelled());
    assertEquals("first", assertThrows(CancelledException.class, f::result).getMessage());
  }

  @Test
  public void cancel_whenCompleted_returnsFalseAndKeepsTheResult() {
    Subject<String> s = newSubject();
    s.complete("done");
    assertFalse(s.future().cancel());
    assertFalse(s.future().cancel("late"));
    assertFalse(s.future().isCancelled());
    assertEquals("done", s.future().result());
  }

  @Test
  public void cancel_whenFailed_returnsFalseAndKeepsTheFailure() {
    Subject<String> s = newSubject();
    IllegalStateException boom = new IllegalStateException("boom");
    s.fail(boom);
    assertFalse(s.future().cancel());
    assertFalse(s.future().isCancelled());
    assertSame(boom, s.future().exception());
  }

  // ---- callbacks ----

  @Test
  public void callbacks_addedWhilePending_runOnceInRegistrationOrderAfterCompletion() {
    Subject<String> s = newSubject();
    List<String> order = new ArrayList<>();
    s.future().addDoneCallback(f -> order.add("first:" + f.result()));
    s.future().addDoneCallback(f -> order.add("second:" + f.result()));
    s.future().addDoneCallback(f -> order.add("third:" + f.result()));
    runScheduledCallbacks();
    assertEquals(List.of(), order, "no callback may run before the future is done");
    s.complete("v");
    runScheduledCallbacks();
    runScheduledCallbacks();
    assertEquals(List.of("first:v", "second:v", "third:v"), order);
  }

  @Test
  public void callback_receivesTheFutureItself() {
    Subject<String> s = newSubject();
    List<AsyncFuture<String>> seen = new ArrayList<>();
    s.future().addDoneCallback(seen::add);
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(1, seen.size());
    assertSame(s.future(), seen.get(0));
  }

  @Test
  public void callback_addedAfterCompletion_runsExactlyOnce() {
    Subject<String> s = newSubject();
    s.complete("v");
    List<String> seen = new ArrayList<>();
    s.future().addDoneCallback(f -> seen.add(f.result()));
    runScheduledCallbacks();
    runScheduledCallbacks();
    assertEquals(List.of("v"), seen);
  }

  @Test
  public void callbacks_runOnFailureAndOnCancellation() {
    Subject<String> failed = newSubject();
    Subject<String> cancelled = newSubject();
    List<String> seen = new ArrayList<>();
    failed.future().addDoneCallback(f -> seen.add("failed:" + f.exception().getMessage()));
    cancelled.future().addDoneCallback(f -> seen.add("cancelled:" + f.isCancelled()));
    failed.fail(new IllegalStateException("x"));
    cancelled.future().cancel("stop");
    runScheduledCallbacks();
    assertEquals(List.of("failed:x", "cancelled:true"), seen);
  }

  @Test
  public void callback_registeredTwice_runsTwice() {
    Subject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    Consumer<AsyncFuture<String>> cb = f -> seen.add("ran");
    s.future().addDoneCallback(cb);
    s.future().addDoneCallback(cb);
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(List.of("ran", "ran"), seen);
  }

  @Test
  public void removeDoneCallback_removesEveryRegistrationAndReturnsTheCount() {
    Subject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    Consumer<AsyncFuture<String>> removed = f -> seen.add("removed");
    Consumer<AsyncFuture<String>> kept = f -> seen.add("kept");
    s.future().addDoneCallback(removed);
    s.future().addDoneCallback(kept);
    s.future().addDoneCallback(removed);
    assertEquals(2, s.future().removeDoneCallback(removed));
    assertEquals(0, s.future().removeDoneCallback(removed), "nothing left to remove");
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(List.of("kept"), seen);
  }

  @Test
  public void removeDoneCallback_ofUnknownCallback_returnsZero() {
    AsyncFuture<String> f = this.<String>newSubject().future();
    assertEquals(0, f.removeDoneCallback(x -> {}));
  }

  @Test
  public void removeDoneCallback_afterItRan_returnsZero() {
    Subject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    Consumer<AsyncFuture<String>> cb = f -> seen.add("ran");
    s.future().addDoneCallback(cb);
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(List.of("ran"), seen);
    assertEquals(0, s.future().removeDoneCallback(cb));
  }

  @Test
  public void aThrowingCallback_doesNotStopTheOthers() {
    Subject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    s.future().addDoneCallback(f -> seen.add("before"));
    s.future()
        .addDoneCallback(
            f -> {
              throw new IllegalStateException("callback failure (expected by the test)");
            });
    s.future().addDoneCallback(f -> seen.add("after"));
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(List.of("before", "after"), seen);
    assertEquals("v", s.future().result());
  }

  @Test
  public void addDoneCallback_null_throwsAndLeavesTheFutureUsable() {
    Subject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    s.future().addDoneCallback(f -> seen.add("ok"));
    assertThrows(NullPointerException.class, () -> s.future().addDoneCallback(nullCallback()));
    assertThrows(NullPointerException.class, () -> s.future().removeDoneCallback(nullCallback()));
    s.complete("v");
    runScheduledCallbacks();
    assertEquals(List.of("ok"), seen, "the callback queued before the bad call still runs");
  }

  @SuppressWarnings("unchecked")
  private static <C> C nullCallback() {
    return (C) (Object) null;
  }
}
