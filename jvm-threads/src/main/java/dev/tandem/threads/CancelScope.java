package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.LoopThreads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The structure of blocking code: one scope per open {@link TaskGroup} and {@link Deadline}, each
 * linked to the scope that was current on the thread that opened it, so they form a tree. The
 * current scope of a thread is {@link #CURRENT}; a group's children run with the group's scope
 * current on their worker threads, so what they open nests below it too.
 *
 * <p>A scope is cancelled at most once, by the first of: its own cancellation (a group's first
 * failure or {@code cancel(message)}, a deadline's expiry) or its parent's, which reaches every
 * scope below it. A cancellation is permanent; a scope whose block ended uncancelled takes no
 * effect any more (on work that still sees it through a context carried out of the block). Every Tandem wait inside a scope ({@link #await}, and the queue waits of {@code
 * FutureWaits}) registers a waker here and is woken by that cancellation, which it then throws as
 * a {@link ScopeCancellation}; it also wakes at the earliest deadline of the scopes above it.
 * Deadlines expire lazily: the first wait (or boundary, or {@link Deadline#expired()} read) that
 * finds a deadline passed cancels its scope, so no timer thread exists.
 *
 * <p>Thread safety: every method may be called from any thread. The cancellation is written
 * once, under the scope's lock (where a reschedule also runs), and published through a volatile
 * field; children and wakers live in concurrent sets. Registration and cancellation check each
 * other (add, then read the cancellation; write it, then walk the set), so nothing added
 * concurrently with a cancellation is missed.
 */
final class CancelScope {

  /** The scope current on this thread, or null outside every group and deadline. */
  static final ThreadLocal<@Nullable CancelScope> CURRENT = new ThreadLocal<>();

  /**
   * The current scope as a context. An executor (or settable future) built with context
   * propagation captures it too ({@link #travellingWith}), so that a deadline, and a group's
   * cancellation, travels into the tasks and callbacks registered inside it; without propagation
   * a scope reaches other threads only through a group's children.
   */
  static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(CURRENT);

  /**
   * The propagator an executor built with {@code propagator} uses: {@code propagator} and the
   * current scope, or {@link ContextPropagator#none()} without propagation (which stays free).
   */
  static ContextPropagator travellingWith(ContextPropagator propagator) {
    if (propagator == ContextPropagator.none()) {
      return propagator;
    }
    Travelling last = lastTravelling;
    if (last != null && last.given == propagator) {
      return last.composite; // a settable future per call with the same propagator: built once
    }
    ContextPropagator composite = ContextPropagator.composite(propagator, PROPAGATOR);
    lastTravelling = new Travelling(propagator, composite);
    return composite;
  }

  /** The last {@link #travellingWith} result, for the propagator it was built from. */
  private record Travelling(ContextPropagator given, ContextPropagator composite) {}

  /** Racy on purpose: a thread that misses it builds an equal composite. */
  private static volatile @Nullable Travelling lastTravelling;

  /** Why a scope was cancelled: the scope whose own cancellation it is, and the message. */
  record Cancellation(CancelScope origin, @Nullable String message) {
    ScopeCancellation exception() {
      return new ScopeCancellation(this);
    }
  }

  final @Nullable CancelScope parent;
  final Thread ownerThread;
  private final @Nullable TaskGroup group;
  private final @Nullable Deadline deadlineOwner;
  private final Set<CancelScope> children = ConcurrentHashMap.newKeySet();
  private final Set<Runnable> wakers = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Cancellation cancelled;
  private volatile boolean exited;
  /* System.nanoTime() of the deadline; meaningful only for a deadline's scope. */
  private volatile long deadline;

  private CancelScope(
      @Nullable CancelScope parent,
      @Nullable TaskGroup group,
      @Nullable Deadline deadlineOwner,
      long deadline) {
    this.parent = parent;
    this.ownerThread = Thread.currentThread();
    this.group = group;
    this.deadlineOwner = deadlineOwner;
    this.deadline = deadline;
  }

  /**
   * The innermost scope in effect on this thread, or null: a scope stops taking effect when its
   * block ends, unless it was cancelled by then, since a cancellation is permanent (work that a
   * context carried out of a cancelled group or an expired deadline stays cancelled).
   */
  static @Nullable CancelScope current() {
    CancelScope s = CURRENT.get();
    while (s != null && s.isInert()) {
      s = s.parent;
    }
    return s;
  }

  /* Ended without being cancelled: it limits and cancels nothing any more. */
  private boolean isInert() {
    return exited && cancelled == null;
  }

  /** A group's scope below the current one; not made current (the group does that). */
  static CancelScope forGroup(TaskGroup group) {
    return link(new CancelScope(current(), group, null, 0L));
  }

  /** A deadline's scope below the current one; not made current (the deadline does that). */
  static CancelScope forDeadline(Deadline owner, long deadline) {
    return link(new CancelScope(current(), null, owner, deadline));
  }

  private static CancelScope link(CancelScope scope) {
    CancelScope parent = scope.parent;
    if (parent != null) {
      parent.children.add(scope);
      Cancellation inherited = parent.cancelled;
      if (inherited != null) {
        scope.cancel(inherited);
      }
    }
    return scope;
  }

  /** Sets {@link #CURRENT} to {@code scope}, removing the value for null. */
  static void setCurrent(@Nullable CancelScope scope) {
    if (scope == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(scope);
    }
  }

  /**
   * The scope's block ended: it is unlinked from its parent (so a long-lived parent keeps no
   * ended scope), and if it was not cancelled it takes no effect any more on work that still sees
   * it through a carried context.
   */
  void exit() {
    exited = true;
    CancelScope p = parent;
    if (p != null) {
      p.children.remove(this);
    }
  }

  boolean isExited() {
    return exited;
  }

  @Nullable TaskGroup group() {
    return group;
  }

  @Nullable Cancellation cancellation() {
    return cancelled;
  }

  long deadline() {
    return deadline;
  }

  /**
   * Cancels this scope and every scope below it, unless it was cancelled already (the first
   * cancellation wins): the owner reacts (a group cancels its children), then the scopes below
   * and every wait inside are woken. Returns true if this call cancelled it.
   */
  boolean cancel(Cancellation why) {
    synchronized (this) {
      if (cancelled != null) {
        return false;
      }
      cancelled = why;
    }
    TaskGroup g = group;
    if (g != null) {
      g.onScopeCancelled(why);
    }
    for (CancelScope child : children) {
      child.cancel(why);
    }
    wakeWaits();
    return true;
  }

  /**
   * Moves a deadline. Under the scope's lock, so it cannot overlap the expiry that would cancel
   * it; the waits inside (here and below) wake and recompute how long they may wait.
   *
   * @throws IllegalStateException if the scope has exited or this deadline already expired
   */
  void reschedule(long when, Object what) {
    synchronized (this) {
      Cancellation c = cancelled;
      if (c != null && c.origin() == this) {
        throw new IllegalStateException(what + " has expired; it cannot be moved any more");
      }
      if (exited) {
        throw new IllegalStateException(what + " is finished; a deadline can be moved only inside it");
      }
      deadline = when;
    }
    wakeAll();
  }

  /** Expires this deadline if it has passed; returns true if it is (now) expired. */
  boolean expireIfPassed(long now) {
    Deadline owner = deadlineOwner;
    if (owner == null) {
      return false;
    }
    Cancellation c = cancelled;
    if (c != null) {
      return c.origin() == this;
    }
    if (exited) {
      return false;
    }
    Cancellation expiry;
    synchronized (this) {
      if (cancelled != null || now - deadline < 0) {
        Cancellation again = cancelled;
        return again != null && again.origin() == this;
      }
      expiry = new Cancellation(this, owner.expiryMessage());
      cancelled = expiry;
    }
    /* The same propagation as cancel(): a deadline's owner has nothing to do itself. */
    for (CancelScope child : children) {
      child.cancel(expiry);
    }
    wakeWaits();
    return true;
  }

  /**
   * The cancellation in effect here: expires every deadline from this scope up that has passed,
   * then returns the outermost cancellation found on the way up (the most important one: the
   * scopes below it pass it on instead of handling it), or null.
   */
  @Nullable Cancellation check() {
    long now = System.nanoTime();
    Cancellation found = null;
    for (CancelScope s = this; s != null; s = s.parent) {
      if (s.isInert()) {
        continue;
      }
      s.expireIfPassed(now);
      Cancellation c = s.cancelled;
      if (c != null) {
        found = c;
      }
    }
    return found;
  }

  /** Throws the cancellation in effect here ({@link #check}), if any. */
  void throwIfCancelled() {
    Cancellation c = check();
    if (c != null) {
      throw c.exception();
    }
  }

  /**
   * How long from {@code now} until the earliest deadline of this scope and those above it:
   * zero once one has passed, {@link Long#MAX_VALUE} when none is set.
   */
  long nanosToDeadline(long now) {
    long min = Long.MAX_VALUE;
    for (CancelScope s = this; s != null; s = s.parent) {
      if (!s.isInert() && s.deadlineOwner != null) {
        min = Math.min(min, Math.max(0L, s.deadline - now));
      }
    }
    return min;
  }

  /** Registers a wait's waker; it runs when this scope is cancelled or a deadline above moves. */
  void addWaker(Runnable waker) {
    wakers.add(waker);
  }

  void removeWaker(Runnable waker) {
    wakers.remove(waker);
  }

  private void wakeWaits() {
    for (Runnable waker : wakers) {
      waker.run();
    }
  }

  /* A deadline moved: every wait here and below recomputes how long it may wait. */
  private void wakeAll() {
    wakeWaits();
    for (CancelScope child : children) {
      child.wakeAll();
    }
  }

  /**
   * Blocks until {@code future} is done, inside this scope: the scope's cancellation (and an
   * expired deadline above) ends the wait with a {@link ScopeCancellation}, and the wait sleeps
   * no longer than until the earliest deadline. The deadlock guard already passed.
   *
   * @throws TimeoutException when the wait's own timeout ran out first (it cancels nothing)
   */
  void await(AsyncFuture<?> future, long nanos, boolean timed, Object what)
      throws InterruptedException, TimeoutException {
    Thread waiter = Thread.currentThread();
    Runnable waker = () -> LockSupport.unpark(waiter);
    Consumer<AsyncFuture<Object>> onDone = f -> LockSupport.unpark(waiter);
    @SuppressWarnings("unchecked")
    AsyncFuture<Object> awaited = (AsyncFuture<Object>) future;
    long start = System.nanoTime();
    addWaker(waker);
    LoopThreads.addDoneCallback(awaited, onDone);
    try {
      for (; ; ) {
        if (future.isDone()) {
          return;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        Cancellation c = check();
        if (c != null) {
          /* A future whose own failure shut the group down is done before the cancellation. */
          if (future.isDone()) {
            return;
          }
          throw c.exception();
        }
        long now = System.nanoTime();
        long park = nanosToDeadline(now);
        if (timed) {
          long left = nanos - (now - start);
          if (left <= 0) {
            throw Blocking.timeout(nanos, what);
          }
          park = Math.min(park, left);
        }
        if (park == Long.MAX_VALUE) {
          LockSupport.park(this);
        } else if (park > 0) {
          LockSupport.parkNanos(this, park);
        }
      }
    } finally {
      removeWaker(waker);
      LoopThreads.removeDoneCallback(awaited, onDone);
    }
  }

  /**
   * A failure was just thrown to this thread by a read of a future: every group this thread
   * opened, from the current scope up, notes it, so that its {@code close()} does not throw the
   * very object the block is propagating (Java's try-with-resources would try to suppress it on
   * itself).
   */
  static void noteDelivered(Throwable failure) {
    Thread me = Thread.currentThread();
    for (CancelScope s = CURRENT.get(); s != null; s = s.parent) {
      TaskGroup g = s.group;
      if (g != null && s.ownerThread == me && !s.exited) {
        g.noteDelivered(failure);
      }
    }
  }

  @Override
  public String toString() {
    Object owner = group != null ? group : deadlineOwner;
    return "CancelScope[" + owner + (exited ? ", exited]" : "]");
  }
}
