package dev.tandem.api.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.RunningLoop;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of executor futures beyond {@link AsyncFutureContract} (the left column of the
 * design's contract table; Python's {@code test_concurrent_futures}): blocking waits, timeouts,
 * interruption, the deadlock guard, callbacks in the completing thread, the report of a throwing
 * callback, {@code toString()} and deep chains. {@code cancel()} on a cancelled future returns
 * true.
 *
 * <p>Subclass it once per implementation and provide {@link #newSubject()} and {@link
 * #recordCallbackFailures()}. The subject's {@code complete} and {@code fail} may be called from
 * any thread and return once the future is done.
 */
@Timeout(10)
public abstract class ExecutorFutureContract extends AsyncFutureContract {

  /** A fresh pending executor future and the means its producer has to complete it. */
  protected interface ExecutorSubject<T extends @Nullable Object>
      extends AsyncFutureContract.Subject<T> {
    @Override
    ExecutorFuture<T> future();
  }

  @Override
  protected abstract <T extends @Nullable Object> ExecutorSubject<T> newSubject();

  /**
   * Starts recording what the implementation reports when a done callback throws; the test
   * closes it. Most implementations log: return {@link #logRecordsOf(String)}.
   */
  protected abstract CallbackFailures recordCallbackFailures();

  /**
   * Marks the calling thread as a running event loop's thread until the scope is closed, as a
   * loop does while it runs. The default enters {@link RunningLoop} with a stand-in loop that
   * only answers {@code inLoopThread()} and {@code isRunning()}.
   */
  protected RunningLoop.Scope enterRunningLoopThread() {
    EventLoop loop =
        (EventLoop)
            Proxy.newProxyInstance(
                EventLoop.class.getClassLoader(),
                new Class<?>[] {EventLoop.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "inLoopThread", "isRunning" -> true;
                      case "toString" -> "contract-kit stand-in loop";
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return RunningLoop.enter(loop);
  }

  @Override
  protected final boolean cancelReturnsTrueWhenAlreadyCancelled() {
    return true;
  }

  /** One report of a throwing done callback: what was thrown, and the text that came with it. */
  protected record CallbackFailure(@Nullable Throwable thrown, String message) {}

  /** The reports made while recording; closing stops recording. */
  protected interface CallbackFailures extends AutoCloseable {
    List<CallbackFailure> reports();

    @Override
    void close();
  }

  /**
   * Records what is logged to the {@code java.util.logging} logger {@code name}, the default
   * backend of {@link System.Logger}.
   */
  protected static CallbackFailures logRecordsOf(String name) {
    Logger logger = Logger.getLogger(name);
    List<CallbackFailure> reports = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            reports.add(new CallbackFailure(record.getThrown(), String.valueOf(record.getMessage())));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    return new CallbackFailures() {
      @Override
      public List<CallbackFailure> reports() {
        return List.copyOf(reports);
      }

      @Override
      public void close() {
        logger.removeHandler(handler);
      }
    };
  }

  // ---- helpers ----

  private static void awaitBlocked(Thread thread) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING);
  }

  /** Starts a thread that runs {@code complete} once {@code waiter} blocks. */
  private static Thread startCompleter(Thread waiter, Runnable complete, String name) {
    Thread completer =
        new Thread(
            () -> {
              awaitBlocked(waiter);
              complete.run();
            },
            name);
    completer.start();
    return completer;
  }

  private static Throwable thrownBy(ThrowingCall call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  // ---- waiting ----

  @Test
  public void result_withTimeout_returnsTheValueSetByAnotherThreadWhileWaiting() throws Exception {
    ExecutorSubject<String> s = newSubject();
    startCompleter(Thread.currentThread(), () -> s.complete("late"), "completer");
    assertEquals("late", s.future().result(Duration.ofSeconds(5)));
  }

  @Test
  public void result_returnsOnceDone_whileADoneCallbackStillRunsInTheCompletingThread()
      throws Exception {
    ExecutorSubject<String> s = newSubject();
    CountDownLatch inCallback = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean callbackFinished = new AtomicBoolean();
    s.future()
        .addDoneCallback(
            f -> {
              inCallback.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              callbackFinished.set(true);
            });
    Thread completer = new Thread(() -> s.complete("done"), "completer");
    completer.start();
    try {
      assertTrue(inCallback.await(5, TimeUnit.SECONDS));
      assertEquals("done", s.future().result(Duration.ofSeconds(5)));
      assertFalse(callbackFinished.get(), "the wait returned before the callback finished");
    } finally {
      release.countDown();
      completer.join(5_000);
    }
    assertTrue(callbackFinished.get());
  }

  @Test
  public void get_withoutTimeout_returnsTheValueSetByAnotherThreadWhileWaiting() throws Exception {
    ExecutorSubject<String> s = newSubject();
    startCompleter(Thread.currentThread(), () -> s.complete("late"), "completer");
    assertEquals("late", s.future().get());
  }

  @Test
  public void exception_withTimeout_returnsTheSameFailureObject() throws Exception {
    ExecutorSubject<String> s = newSubject();
    IOException failure = new IOException("disk");
    startCompleter(Thread.currentThread(), () -> s.fail(failure), "completer");
    assertSame(failure, s.future().exception(Duration.ofSeconds(5)));
  }

  @Test
  public void exception_withTimeout_whenCancelledWhileWaiting_throwsCancelledWithTheMessage() {
    ExecutorSubject<String> s = newSubject();
    startCompleter(Thread.currentThread(), () -> s.future().cancel("stop"), "canceller");
    CancelledException thrown =
        assertThrows(CancelledException.class, () -> s.future().exception(Duration.ofSeconds(5)));
    assertEquals("stop", thrown.getMessage());
  }

  @Test
  public void result_withTimeout_whenNotDoneInTime_throwsTimeoutAndCancelsNothing() {
    ExecutorSubject<String> s = newSubject();
    TimeoutException thrown =
        assertThrows(TimeoutException.class, () -> s.future().result(Duration.ofMillis(20)));
    assertNotNull(thrown.getMessage());
    assertTrue(thrown.getMessage().contains("20 ms"), thrown.getMessage());
    assertFalse(s.future().isDone());
    s.complete("later");
    assertEquals("later", s.future().result());
  }

  @Test
  public void exceptionAndGet_withTimeout_whenNotDoneInTime_throwTimeout() {
    ExecutorSubject<String> s = newSubject();
    assertThrows(TimeoutException.class, () -> s.future().exception(Duration.ZERO));
    assertThrows(TimeoutException.class, () -> s.future().get(10, TimeUnit.MILLISECONDS));
    assertFalse(s.future().isCancelled());
    assertFalse(s.future().isDone());
  }

  @Test
  public void waits_withBadTimeouts_failAtTheCallSite() {
    ExecutorFuture<String> f = this.<String>newSubject().future();
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> f.result(Duration.ofMillis(-1)));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.exception(Duration.ofMillis(-1)));
    IllegalArgumentException negativeGet =
        assertThrows(IllegalArgumentException.class, () -> f.get(-1, TimeUnit.SECONDS));
    assertTrue(negativeGet.getMessage().contains("negative"), negativeGet.getMessage());
    assertThrows(NullPointerException.class, () -> f.result(nullOf()));
    assertThrows(NullPointerException.class, () -> f.get(1, nullOf()));
    assertFalse(f.isDone());
  }

  @Test
  public void result_whenInterruptedWhileWaiting_throwsInterruptedAndLeavesTheFuturePending()
      throws Exception {
    ExecutorSubject<String> s = newSubject();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                s.future().result(Duration.ofSeconds(30));
              } catch (Throwable t) {
                thrown.set(t);
              }
            },
            "waiter");
    waiter.start();
    awaitBlocked(waiter);
    waiter.interrupt();
    waiter.join(5_000);
    assertInstanceOf(InterruptedException.class, thrown.get());
    assertFalse(s.future().isDone());
  }

  @Test
  public void get_whenTheThreadIsAlreadyInterrupted_throwsInterruptedForAPendingFuture() {
    ExecutorSubject<String> s = newSubject();
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> s.future().get());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  public void get_whenFailed_throwsExecutionExceptionCausedByTheOriginal() {
    ExecutorSubject<String> s = newSubject();
    IOException failure = new IOException("disk");
    s.fail(failure);
    assertSame(failure, assertThrows(ExecutionException.class, s.future()::get).getCause());
    assertSame(
        failure,
        assertThrows(ExecutionException.class, () -> s.future().get(1, TimeUnit.SECONDS))
            .getCause());
    Throwable wrapped = thrownBy(() -> s.future().result(Duration.ZERO));
    assertInstanceOf(CompletionException.class, wrapped);
    assertSame(failure, wrapped.getCause());
  }

  @Test
  public void get_whenCancelledWithMessage_throwsCancelledExceptionCarryingIt() {
    ExecutorSubject<String> s = newSubject();
    assertTrue(s.future().cancel("no longer needed"));
    assertEquals(
        "no longer needed", assertThrows(CancelledException.class, s.future()::get).getMessage());
    assertTrue(s.future().cancel(true), "cancel on a cancelled executor future returns true");
  }

  @Test
  public void cancel_fromManyThreadsAtOnce_cancelsOnceAndEveryCallReturnsTrue() throws Exception {
    ExecutorSubject<String> s = newSubject();
    List<String> callbackRuns = new CopyOnWriteArrayList<>();
    s.future().addDoneCallback(f -> callbackRuns.add("ran"));
    List<Boolean> answers = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CyclicBarrier start = new CyclicBarrier(4);
    for (int i = 0; i < 4; i++) {
      String message = "m" + i;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
                answers.add(s.future().cancel(message));
              },
              "canceller-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(5_000);
    }
    assertEquals(List.of(true, true, true, true), answers);
    assertEquals(List.of("ran"), callbackRuns);
    assertTrue(thrownBy(s.future()::result).getMessage().startsWith("m"));
  }

  // ---- the deadlock guard ----

  @Test
  public void blockingWaits_onARunningLoopThread_failFastNamingTheThreadAndTheAlternatives() {
    ExecutorFuture<String> f = this.<String>newSubject().future();
    try (RunningLoop.Scope scope = enterRunningLoopThread()) {
      BlockingOnLoopException thrown =
          assertThrows(BlockingOnLoopException.class, () -> f.result(Duration.ofSeconds(30)));
      String message = thrown.getMessage();
      assertNotNull(message);
      for (String expected :
          List.of(Thread.currentThread().getName(), "await()", "gather", "addDoneCallback")) {
        assertTrue(message.contains(expected), () -> message + " should mention " + expected);
      }
      assertThrows(BlockingOnLoopException.class, () -> f.exception(Duration.ofSeconds(30)));
      assertThrows(BlockingOnLoopException.class, f::get);
      assertThrows(BlockingOnLoopException.class, () -> f.get(30, TimeUnit.SECONDS));
    }
    assertFalse(f.isDone());
  }

  @Test
  public void blockingWaits_onARunningLoopThread_returnAtOnceForADoneFuture() throws Exception {
    ExecutorSubject<String> s = newSubject();
    s.complete("ready");
    try (RunningLoop.Scope scope = enterRunningLoopThread()) {
      assertEquals("ready", s.future().result(Duration.ofSeconds(30)));
      assertEquals("ready", s.future().get());
      assertEquals("ready", s.future().get(30, TimeUnit.SECONDS));
    }
  }

  // ---- callbacks ----

  @Test
  public void callbacks_runInTheCompletingThread() throws Exception {
    ExecutorSubject<String> s = newSubject();
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    s.future().addDoneCallback(f -> ranOn.complete(Thread.currentThread().getName()));
    Thread completer = new Thread(() -> s.complete("v"), "the-completer");
    completer.start();
    assertEquals("the-completer", ranOn.get(5, TimeUnit.SECONDS));
  }

  @Test
  public void callback_addedWhenDone_runsBeforeAddDoneCallbackReturnsInTheRegisteringThread() {
    ExecutorSubject<String> s = newSubject();
    s.complete("v");
    List<String> ranOn = new ArrayList<>();
    s.future().addDoneCallback(f -> ranOn.add(Thread.currentThread().getName()));
    assertEquals(List.of(Thread.currentThread().getName()), ranOn);
  }

  @Test
  public void callback_seesWhatTheCompletingThreadWroteBeforeCompleting() throws Exception {
    ExecutorSubject<int[]> s = newSubject();
    int[] data = new int[1];
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    s.future().addDoneCallback(f -> seen.complete(f.result()[0]));
    Thread completer =
        new Thread(
            () -> {
              data[0] = 42;
              s.complete(data);
            },
            "completer");
    completer.start();
    assertEquals(42, seen.get(5, TimeUnit.SECONDS));
    assertEquals(42, s.future().result(Duration.ofSeconds(5))[0]);
  }

  @Test
  public void aThrowingCallback_isReportedWithTheFuturesDescription() {
    ExecutorSubject<String> s = newSubject();
    IllegalStateException boom = new IllegalStateException("callback failure (expected)");
    try (CallbackFailures failures = recordCallbackFailures()) {
      s.future()
          .addDoneCallback(
              f -> {
                throw boom;
              });
      s.complete("v");
      List<CallbackFailure> reports = failures.reports();
      assertEquals(1, reports.size(), () -> "reports: " + reports);
      assertSame(boom, reports.get(0).thrown());
      String description = s.future().toString();
      assertTrue(
          reports.get(0).message().contains(description),
          () -> reports.get(0).message() + " should contain " + description);
    }
  }

  @Test
  public void removedCallbacks_areNotRetained() {
    ExecutorSubject<String> s = newSubject();
    List<String> seen = new ArrayList<>();
    s.future().addDoneCallback(f -> seen.add("kept"));
    List<WeakReference<Consumer<AsyncFuture<String>>>> removed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      Consumer<AsyncFuture<String>> waiter = f -> seen.add("removed " + n);
      s.future().addDoneCallback(waiter);
      assertEquals(1, s.future().removeDoneCallback(waiter));
      removed.add(new WeakReference<>(waiter));
    }
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              System.gc();
              return removed.stream().allMatch(r -> r.get() == null);
            });
    s.complete("v");
    assertEquals(List.of("kept"), seen);
  }

  @Test
  public void aLongChainOfFuturesCompletingEachOtherInCallbacks_doesNotOverflowTheStack() {
    int length = 20_000;
    List<ExecutorSubject<Integer>> chain = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      chain.add(newSubject());
    }
    for (int i = 0; i < length - 1; i++) {
      ExecutorSubject<Integer> next = chain.get(i + 1);
      chain.get(i).future().addDoneCallback(f -> next.complete(f.result() + 1));
    }
    chain.get(0).complete(0);
    assertEquals(length - 1, chain.get(length - 1).future().result());
  }

  // ---- description ----

  @Test
  public void toString_describesEachStateLikeGuava() {
    ExecutorSubject<String> pending = newSubject();
    String pendingText = pending.future().toString();
    assertTrue(
        pendingText.matches("ExecutorFuture@[0-9a-f]+\\[status=PENDING]"), pendingText);
    pending.complete("secret text");
    String succeeded = pending.future().toString();
    assertTrue(succeeded.endsWith("[status=SUCCESS, result=[java.lang.String]]"), succeeded);
    assertFalse(succeeded.contains("secret"), succeeded);

    ExecutorSubject<String> failed = newSubject();
    failed.fail(new IOException("disk"));
    String failedText = failed.future().toString();
    assertTrue(
        failedText.endsWith("[status=FAILURE, cause=[java.io.IOException: disk]]"), failedText);

    ExecutorSubject<String> cancelled = newSubject();
    cancelled.future().cancel("user");
    String cancelledText = cancelled.future().toString();
    assertTrue(cancelledText.endsWith("[status=CANCELLED, message=[user]]"), cancelledText);
  }

  @SuppressWarnings("unchecked")
  private static <X> X nullOf() {
    return (X) (Object) null;
  }
}
