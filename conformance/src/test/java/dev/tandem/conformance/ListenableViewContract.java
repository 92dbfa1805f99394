package dev.tandem.conformance;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.testing.MockFutureListener;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Guava's own {@code AbstractFutureTest} asks of a {@code ListenableFuture}, in the cases that
 * apply to a view (written anew for Tandem, not copied): cancellation before and after completion
 * and what {@code cancel} returns; listeners added before and after completion run exactly once,
 * on the executor they were given; {@code get} with positive, zero and negative timeouts; and an
 * interrupted thread's {@code get}. Guava testlib's {@link MockFutureListener} checks the outcome a
 * listener sees. One subclass per kind of view, supplying only {@link #newPending()}.
 */
abstract class ListenableViewContract {

  /** A pending source and Tandem's listenable view of it. */
  interface Pending {
    ListenableFuture<String> view();

    /** Completes the source with {@code value} (the view may follow in another thread). */
    void complete(String value);

    /** Fails the source with {@code failure} (the view may follow in another thread). */
    void fail(Exception failure);

    /** Whether the source is cancelled, read as its own rules allow. */
    boolean sourceIsCancelled() throws Exception;
  }

  /** A new pending source and its view. */
  abstract Pending newPending();

  private ExecutorService listenerThread;
  private final AtomicInteger executes = new AtomicInteger();
  /** Runs listeners on one thread named "listener-executor" and counts what it is given. */
  private Executor listenerExecutor;

  @BeforeEach
  void startListenerExecutor() {
    listenerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "listener-executor"));
    listenerExecutor =
        command -> {
          executes.incrementAndGet();
          listenerThread.execute(command);
        };
  }

  @AfterEach
  void stopListenerExecutor() throws InterruptedException {
    listenerThread.shutdownNow();
    assertTrue(listenerThread.awaitTermination(10, SECONDS));
  }

  private static String getWithin10s(ListenableFuture<String> view) throws Exception {
    return view.get(10, SECONDS);
  }

  // --- cancellation ---

  @ParameterizedTest(name = "mayInterruptIfRunning={0}")
  @ValueSource(booleans = {true, false})
  void cancel_whenPending_returnsTrue_andCancelsViewAndSource(boolean mayInterruptIfRunning)
      throws Exception {
    Pending pending = newPending();
    ListenableFuture<String> view = pending.view();

    assertTrue(view.cancel(mayInterruptIfRunning));

    assertTrue(view.isCancelled());
    assertTrue(view.isDone());
    assertThrows(CancellationException.class, view::get);
    assertThrows(CancellationException.class, () -> view.get(0, SECONDS));
    await().atMost(Duration.ofSeconds(10)).until(pending::sourceIsCancelled);
  }

  @Test
  void cancel_whenAlreadyCancelled_returnsFalse_andStaysCancelled() {
    // Guava's AbstractFuture and the JDK's FutureTask: true only for the call that cancelled it.
    ListenableFuture<String> view = newPending().view();
    assertTrue(view.cancel(false));

    assertFalse(view.cancel(false));
    assertFalse(view.cancel(true));
    assertTrue(view.isCancelled());
  }

  @Test
  void cancel_afterValue_returnsFalse_andKeepsValue() throws Exception {
    Pending pending = newPending();
    ListenableFuture<String> view = pending.view();
    pending.complete("value");
    assertEquals("value", getWithin10s(view));

    assertFalse(view.cancel(true));

    assertFalse(view.isCancelled());
    assertEquals("value", view.get());
    assertFalse(pending.sourceIsCancelled());
  }

  @Test
  void cancel_afterFailure_returnsFalse_andKeepsTheSameFailure() throws Exception {
    Pending pending = newPending();
    ListenableFuture<String> view = pending.view();
    IllegalStateException failure = new IllegalStateException("boom");
    pending.fail(failure);
    ExecutionException first = assertThrows(ExecutionException.class, () -> getWithin10s(view));
    assertSame(failure, first.getCause());

    assertFalse(view.cancel(true));

    assertFalse(view.isCancelled());
    assertSame(failure, assertThrows(ExecutionException.class, view::get).getCause());
  }

  @Test
  void interruptingAWaiter_doesNotCancel() throws Exception {
    ListenableFuture<String> view = newPending().view();
    Thread waiter = startWaiter(view, false, new AtomicReference<>(), new AtomicBoolean());
    waitUntilBlocked(waiter);

    waiter.interrupt();
    waiter.join(10_000);

    assertFalse(waiter.isAlive());
    assertFalse(view.isDone());
  }

  // --- listeners ---

  @Test
  void listenerAddedBeforeCompletion_runsOnce_onTheGivenExecutor() throws Exception {
    Pending pending = newPending();
    RecordingListener listener = new RecordingListener();
    pending.view().addListener(listener, listenerExecutor);
    assertEquals(0, listener.runs.get());

    pending.complete("value");

    listener.assertRanOnceOnTheListenerExecutor();
  }

  @Test
  void listenerAddedAfterCompletion_runsOnce_onTheGivenExecutor() throws Exception {
    Pending pending = newPending();
    pending.complete("value");
    assertEquals("value", getWithin10s(pending.view()));
    RecordingListener listener = new RecordingListener();

    pending.view().addListener(listener, listenerExecutor);

    listener.assertRanOnceOnTheListenerExecutor();
  }

  @Test
  void listenerAddedBeforeCancel_runsOnce_onTheGivenExecutor() throws Exception {
    Pending pending = newPending();
    RecordingListener listener = new RecordingListener();
    pending.view().addListener(listener, listenerExecutor);

    assertTrue(pending.view().cancel(false));

    listener.assertRanOnceOnTheListenerExecutor();
  }

  @Test
  void listenerAddedAfterCancel_runsOnce_onTheGivenExecutor() throws Exception {
    Pending pending = newPending();
    assertTrue(pending.view().cancel(false));
    RecordingListener listener = new RecordingListener();

    pending.view().addListener(listener, listenerExecutor);

    listener.assertRanOnceOnTheListenerExecutor();
  }

  @Test
  void mockFutureListener_seesTheValue() throws Throwable {
    Pending pending = newPending();
    MockFutureListener listener = new MockFutureListener(pending.view());

    pending.complete("value");

    listener.assertSuccess("value");
  }

  @Test
  void mockFutureListener_seesTheSameFailure() throws Throwable {
    Pending pending = newPending();
    MockFutureListener listener = new MockFutureListener(pending.view());
    IllegalArgumentException failure = new IllegalArgumentException("boom");

    pending.fail(failure);

    listener.assertException(failure);
  }

  @Test
  void mockFutureListener_notRunWhilePending() throws Exception {
    Pending pending = newPending();
    MockFutureListener listener = new MockFutureListener(pending.view());

    listener.assertTimeout();
  }

  // --- get with a timeout ---

  @Test
  void timedGet_whenPending_throwsTimeoutException() {
    ListenableFuture<String> view = newPending().view();

    assertThrows(TimeoutException.class, () -> view.get(20, MILLISECONDS));
    assertFalse(view.isDone());
  }

  @ParameterizedTest(name = "timeout={0}")
  @ValueSource(longs = {0L, -1L, Long.MIN_VALUE})
  void timedGet_withNonPositiveTimeout_whenPending_throwsTimeoutExceptionWithoutWaiting(
      long timeout) {
    ListenableFuture<String> view = newPending().view();

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertThrows(TimeoutException.class, () -> view.get(timeout, SECONDS)));
  }

  @ParameterizedTest(name = "timeout={0}")
  @ValueSource(longs = {0L, -1L, Long.MIN_VALUE})
  void timedGet_withNonPositiveTimeout_whenDone_returnsTheValue(long timeout) throws Exception {
    Pending pending = newPending();
    pending.complete("value");
    assertEquals("value", getWithin10s(pending.view()));

    assertEquals("value", pending.view().get(timeout, MILLISECONDS));
  }

  @Test
  void timedGet_withAHugeTimeout_returnsOnceCompleted() throws Exception {
    Pending pending = newPending();
    AtomicReference<Object> got = new AtomicReference<>();
    AtomicBoolean unused = new AtomicBoolean();
    Thread waiter = startWaiter(pending.view(), true, got, unused);
    waitUntilBlocked(waiter);

    pending.complete("value");
    waiter.join(10_000);

    assertEquals("value", got.get());
  }

  // --- interrupts ---

  @Test
  void get_whenInterruptedBeforeWaiting_throwsInterruptedException_andClearsTheFlag() {
    ListenableFuture<String> view = newPending().view();
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, view::get);
      assertFalse(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void timedGet_whenInterruptedBeforeWaiting_throwsInterruptedException_andClearsTheFlag() {
    ListenableFuture<String> view = newPending().view();
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> view.get(1, MINUTES));
      assertFalse(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @ParameterizedTest(name = "timed={0}")
  @ValueSource(booleans = {false, true})
  void get_whenInterruptedWhileWaiting_throwsInterruptedException_andClearsTheFlag(boolean timed)
      throws Exception {
    ListenableFuture<String> view = newPending().view();
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    Thread waiter = startWaiter(view, timed, outcome, interruptedAfter);
    waitUntilBlocked(waiter);

    waiter.interrupt();
    waiter.join(10_000);

    assertInstanceOf(InterruptedException.class, outcome.get());
    assertFalse(interruptedAfter.get());
  }

  /**
   * Starts a thread that calls {@code get()} (or {@code get(1, MINUTES)}) and records the value or
   * what it threw in {@code outcome}, and whether it was still interrupted afterwards.
   */
  private static Thread startWaiter(
      ListenableFuture<String> view,
      boolean timed,
      AtomicReference<Object> outcome,
      AtomicBoolean interruptedAfter) {
    Thread waiter =
        new Thread(
            () -> {
              try {
                outcome.set(timed ? view.get(1, MINUTES) : view.get());
              } catch (Throwable t) {
                outcome.set(t);
              }
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            },
            "waiter");
    waiter.setDaemon(true);
    waiter.start();
    return waiter;
  }

  private static void waitUntilBlocked(Thread waiter) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                waiter.getState() == Thread.State.WAITING
                    || waiter.getState() == Thread.State.TIMED_WAITING);
  }

  /** A listener that records how often and where it ran. */
  private final class RecordingListener implements Runnable {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<String> thread = new AtomicReference<>();
    final CountDownLatch ran = new CountDownLatch(1);

    @Override
    public void run() {
      runs.incrementAndGet();
      thread.set(Thread.currentThread().getName());
      ran.countDown();
    }

    void assertRanOnceOnTheListenerExecutor() throws InterruptedException {
      assertTrue(ran.await(10, SECONDS), "the listener ran");
      // Let anything else already handed to the executor run before counting.
      listenerThread.shutdown();
      assertTrue(listenerThread.awaitTermination(10, SECONDS));
      assertEquals(1, runs.get(), "listener runs");
      assertEquals(1, executes.get(), "listener executions handed to the executor");
      assertEquals("listener-executor", thread.get());
    }
  }
}
