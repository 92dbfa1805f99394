package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.InvalidStateException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What every executor future of this package shares: the done-callback list, the blocking waits
 * with the deadlock guard, the reads derived from the outcome, and {@code toString()}.
 *
 * <p>Subclasses say what the state is ({@link #isDone()}, {@link #isCancelled()}, {@link
 * #failure()}, {@link #value()}, {@link #cancelMessage()}) and call {@link #fireCallbacks()}
 * once, after the future became done.
 *
 * <p>Context propagation: a future whose {@link #contextPropagator()} is not {@link
 * ContextPropagator#none()} (a task of an executor built with one, a settable future made with
 * one, a combinator's output over such an input, an adapter of a source that carries one) stores
 * each done callback as a {@link ContextCallback} holding its registrant's context; the others
 * store the callback itself.
 */
abstract class ExecutorFutureBase<T extends @Nullable Object>
    implements ExecutorFuture<T>, ContextCarrier {

  static final System.Logger LOGGER = System.getLogger("dev.tandem.threads");

  /** Nesting depth of callback dispatch on one thread beyond which dispatch is deferred. */
  static final int MAX_NESTED_DISPATCH = 32;

  private static final Object DISPATCHED = new Object();
  private static final Object REMOVED = new Object();
  private static final VarHandle CALLBACKS;
  private static final VarHandle CALLBACK;
  private static final ThreadLocal<Trampoline> TRAMPOLINE =
      ThreadLocal.withInitial(Trampoline::new);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CALLBACKS = lookup.findVarHandle(ExecutorFutureBase.class, "callbacks", Object.class);
      CALLBACK = lookup.findVarHandle(Node.class, "callback", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /*
   * null: no callback ever registered; a callback object itself (never a Node): the only
   * registration, stored without a node; REMOVED: that only registration was removed; a Node:
   * the newest registration of a Treiber stack; DISPATCHED: the future is done and its
   * registrations were taken by the completing thread. A direct callback is claimed by one CAS
   * or getAndSet of this field (removal: callback -> REMOVED; dispatch: -> DISPATCHED; a second
   * registration: callback -> a two-node list holding it), so exactly one of them wins. A removed
   * registration in a list has its callback nulled (the same CAS the dispatcher uses to claim
   * it) and is unlinked by prune(). Once anything was registered the head never returns to null,
   * so onFirstCallback() runs at most once.
   */
  private volatile @Nullable Object callbacks;

  /**
   * Cancels the future if it is pending and returns true only if this call cancelled it (the
   * {@link java.util.concurrent.Future#cancel} contract, which views need; {@link #cancel(String)}
   * is also true when it already was). Subclasses whose source can tell make it exact.
   */
  boolean tryCancel(@Nullable String message) {
    return !isDone() && cancel(message);
  }

  /**
   * The propagator whose context this future's done callbacks run in: {@link
   * ContextPropagator#none()} unless a subclass says otherwise.
   */
  @Override
  public ContextPropagator contextPropagator() {
    return ContextPropagator.none();
  }

  /** The adapters install their single hook on the source here; the default does nothing. */
  void onFirstCallback() {}

  /** The cancel message; meaningful only once the future is cancelled. */
  abstract @Nullable String cancelMessage();

  /** The failure (unwrapped), or null if it succeeded; only called when done, not cancelled. */
  abstract @Nullable Throwable failure();

  /** The value; only called when done and succeeded. */
  abstract T value();

  /**
   * Blocks until the future is done; the deadlock guard already passed and the future was seen
   * pending. The default parks on a done callback; adapters wait on their source instead.
   */
  void awaitDone(long nanos, boolean timed) throws InterruptedException, TimeoutException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Thread waiter = Thread.currentThread();
    Consumer<AsyncFuture<T>> wake = f -> LockSupport.unpark(waiter);
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    register(wake);
    try {
      while (!isDone()) {
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw Blocking.timeout(nanos, this);
          }
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } finally {
      removeDoneCallback(wake);
    }
  }

  // ---- reads ----

  @Override
  public final T result() {
    if (!isDone()) {
      throw new InvalidStateException(
          "result() of "
              + this
              + ": it is not done yet; wait with result(Duration) or add a done callback");
    }
    return reportResult();
  }

  @Override
  public final @Nullable Throwable exception() {
    if (!isDone()) {
      throw new InvalidStateException(
          "exception() of "
              + this
              + ": it is not done yet; wait with exception(Duration) or add a done callback");
    }
    return reportException();
  }

  @Override
  public final T result(Duration timeout) throws InterruptedException, TimeoutException {
    waitUntilDone(Blocking.toNanos(timeout), true);
    return reportResult();
  }

  @Override
  public final @Nullable Throwable exception(Duration timeout)
      throws InterruptedException, TimeoutException {
    waitUntilDone(Blocking.toNanos(timeout), true);
    return reportException();
  }

  @Override
  public final T get() throws InterruptedException, ExecutionException {
    try {
      waitUntilDone(0L, false);
    } catch (TimeoutException impossible) {
      throw new AssertionError("an untimed wait timed out", impossible);
    }
    return reportGet();
  }

  @Override
  public final T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    waitUntilDone(Blocking.toNanos(timeout, unit), true);
    return reportGet();
  }

  @Override
  public final boolean cancel() {
    return cancel((String) null);
  }

  @Override
  public final boolean cancel(boolean mayInterruptIfRunning) {
    return cancel((String) null);
  }

  private void waitUntilDone(long nanos, boolean timed)
      throws InterruptedException, TimeoutException {
    if (isDone()) {
      return;
    }
    Blocking.checkNotOnLoop(this);
    CancelScope scope = CancelScope.current();
    if (scope == null) {
      awaitDone(nanos, timed);
    } else {
      scope.await(this, nanos, timed, this); // the scope's cancellation and deadline end it too
    }
  }

  /**
   * What {@link #result()} returns or throws for this done future: the value; the failure,
   * rethrown as it is (and noted as delivered to an enclosing task group); or a {@link
   * CancelledException} with the cancel message. An adapter whose source tells all three in one
   * read overrides it with that read.
   */
  T reportResult() {
    if (isCancelled()) {
      throw new CancelledException(cancelMessage());
    }
    Throwable failure = failure();
    if (failure != null) {
      CancelScope.noteDelivered(failure);
      throw Failures.rethrow(failure);
    }
    return value();
  }

  private @Nullable Throwable reportException() {
    if (isCancelled()) {
      throw new CancelledException(cancelMessage());
    }
    return failure();
  }

  private T reportGet() throws ExecutionException {
    if (isCancelled()) {
      throw new CancelledException(cancelMessage());
    }
    Throwable failure = failure();
    if (failure != null) {
      throw new ExecutionException(failure);
    }
    return value();
  }

  // ---- callbacks ----

  @Override
  public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    ContextPropagator propagator = contextPropagator();
    if (propagator == ContextPropagator.none()) {
      register(callback);
      return;
    }
    if (callbacks == null && isDone()) {
      runCallback(callback); // at once, in the registrant's own context: nothing to capture
      return;
    }
    if (propagator instanceof CancelScope.Travelling travelling) {
      ContextSnapshot own = travelling.captureOwn();
      if (own != null) {
        register(new ContextCallback<T>(own, callback, false));
        return;
      }
    }
    register(new ContextCallback<T>(propagator.capture(), callback, true));
  }

  /**
   * Registers {@code callback} (a {@code Consumer} of this future) as it is, without capturing a
   * context: for this package's own callbacks, which run no user code or carry their context
   * already.
   */
  final void register(Object callback) {
    Object head = callbacks;
    if (head == null && isDone()) {
      runCallback(callback);
      return;
    }
    Node node = null;
    for (; ; ) {
      if (head == DISPATCHED) {
        runCallback(callback);
        return;
      }
      Object update;
      if (head == null || head == REMOVED) {
        update = callback; // the only registration: no node
      } else {
        if (node == null) {
          node = new Node(callback);
        }
        if (head instanceof Node) {
          node.next = (Node) head;
        } else {
          node.next = new Node(head); // the direct callback moves into the list, first
        }
        update = node;
      }
      if (CALLBACKS.compareAndSet(this, head, update)) {
        if (head == null) {
          onFirstCallback();
        }
        return;
      }
      head = callbacks;
    }
  }

  @Override
  public final int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    /*
     * A done future's registrations count as run, even while the completing thread (or the
     * adapter's hook) is still dispatching them: otherwise a caller who saw isDone() could still
     * remove one and it would never run (found by ExecutorFutureLincheckTest).
     */
    if (isDone()) {
      return 0;
    }
    Object head = callbacks;
    while (head != null && head != REMOVED && head != DISPATCHED && !(head instanceof Node)) {
      if (!ContextCallback.matches(callback, head)) {
        return 0;
      }
      if (CALLBACKS.compareAndSet(this, head, REMOVED)) {
        return 1;
      }
      head = callbacks; // dispatched, or a second registration made a list of it
    }
    int removed = 0;
    if (head instanceof Node) {
      for (Node n = (Node) head; n != null; n = n.next) {
        Object registered = n.callback;
        if (registered != null
            && ContextCallback.matches(callback, registered)
            && CALLBACK.compareAndSet(n, registered, null)) {
          removed++;
        }
      }
      if (removed > 0) {
        prune();
      }
    }
    return removed;
  }

  /** Unlinks removed registrations (Guava's waiter-removal walk); restarts on interference. */
  private void prune() {
    restart:
    for (; ; ) {
      Object head = callbacks;
      if (!(head instanceof Node)) {
        return;
      }
      Node pred = null;
      Node curr = (Node) head;
      while (curr != null) {
        Node succ = curr.next;
        if (curr.callback != null) {
          pred = curr;
        } else if (pred != null) {
          pred.next = succ;
          if (pred.callback == null) {
            continue restart;
          }
        } else if (succ != null) {
          if (!CALLBACKS.compareAndSet(this, curr, succ)) {
            continue restart;
          }
        }
        // A dead head without successors stays, so the head never returns to null.
        curr = succ;
      }
      return;
    }
  }

  /** How many registrations are linked now, removed or not; for tests of waiter clean-up. */
  final int linkedCallbackCount() {
    Object head = callbacks;
    int count = 0;
    if (head != null && head != REMOVED && head != DISPATCHED && !(head instanceof Node)) {
      return 1;
    }
    if (head instanceof Node) {
      for (Node n = (Node) head; n != null; n = n.next) {
        if (n.callback != null) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Runs the registered callbacks in registration order; called once by whoever completed the
   * future, after it is done. Nested dispatch deeper than {@link #MAX_NESTED_DISPATCH} on one
   * thread is queued and run by the outermost dispatch on that thread, so chains of futures
   * completing each other in callbacks never overflow the stack.
   */
  final void fireCallbacks() {
    Object head = CALLBACKS.getAndSet(this, DISPATCHED);
    if (head == null || head == REMOVED || head == DISPATCHED) {
      return;
    }
    Trampoline trampoline = TRAMPOLINE.get();
    if (trampoline.depth >= MAX_NESTED_DISPATCH) {
      trampoline.deferred.add(this);
      trampoline.deferred.add(head);
      return;
    }
    trampoline.depth++;
    try {
      runAll(head);
      if (trampoline.depth == 1) {
        trampoline.drain();
      }
    } finally {
      trampoline.depth--;
    }
  }

  /** Runs what fireCallbacks() took: a direct callback (already claimed) or a list. */
  private void runAll(Object taken) {
    if (!(taken instanceof Node)) {
      runCallback(taken);
      return;
    }
    Node head = (Node) taken;
    if (head.next == null) {
      claimAndRun(head);
      return;
    }
    Node[] live = new Node[4];
    int size = 0;
    for (Node n = head; n != null; n = n.next) {
      if (n.callback != null) {
        if (size == live.length) {
          live = Arrays.copyOf(live, size * 2);
        }
        live[size++] = n;
      }
    }
    for (int i = size - 1; i >= 0; i--) {
      claimAndRun(live[i]);
    }
  }

  private void claimAndRun(Node node) {
    Object callback = CALLBACK.getAndSet(node, null);
    if (callback != null) {
      runCallback(callback);
    }
  }

  /**
   * Runs {@code listener} on {@code executor} as a done callback of this (done) future would:
   * whatever it throws (a rejection included) is logged, not rethrown.
   */
  final void runNow(Runnable listener, java.util.concurrent.Executor executor) {
    try {
      executor.execute(listener);
    } catch (Throwable failure) {
      LOGGER.log(
          System.Logger.Level.WARNING,
          () -> "A done callback of " + this + " threw; the remaining callbacks still run",
          failure);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runCallback(Object callback) {
    try {
      if (callback instanceof StepFuture step) {
        /* A class check where the interface call sees many receiver types and is not inlined. */
        step.accept(this);
      } else {
        ((Consumer<? super AsyncFuture<T>>) callback).accept(this);
      }
    } catch (Throwable failure) {
      logCallbackFailure(this, failure);
    }
  }

  /** How a throwing done callback of {@code future} is reported: logged, never rethrown. */
  static void logCallbackFailure(Object future, Throwable failure) {
    LOGGER.log(
        System.Logger.Level.WARNING,
        () -> "A done callback of " + future + " threw; the remaining callbacks still run",
        failure);
  }

  static final class Node {
    volatile @Nullable Object callback;
    volatile @Nullable Node next;

    Node(Object callback) {
      this.callback = callback;
    }
  }

  private static final class Trampoline {
    int depth;
    final ArrayDeque<Object> deferred = new ArrayDeque<>();

    void drain() {
      Object future;
      while ((future = deferred.poll()) != null) {
        Object taken = deferred.poll();
        ((ExecutorFutureBase<?>) future).runAll(taken);
      }
    }
  }

  // ---- description ----

  /**
   * {@code ExecutorFuture@hash[status=…]} with PENDING, RUNNING, CANCELLED (and its message),
   * SUCCESS (and the result's type, never its text) or FAILURE (and the cause).
   */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("ExecutorFuture@")
            .append(Integer.toHexString(System.identityHashCode(this)))
            .append("[status=");
    if (!isDone()) {
      s.append(isRunning() ? "RUNNING" : "PENDING");
    } else if (isCancelled()) {
      s.append("CANCELLED");
      String message = cancelMessage();
      if (message != null) {
        s.append(", message=[").append(message).append(']');
      }
    } else {
      Throwable failure = failure();
      if (failure != null) {
        s.append("FAILURE, cause=[").append(failure).append(']');
      } else {
        Object value = value();
        s.append("SUCCESS, result=[")
            .append(value == null ? "null" : value.getClass().getName())
            .append(']');
      }
    }
    return s.append(']').toString();
  }
}
