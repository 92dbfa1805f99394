package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.Handle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled callback. It is also the node of the loop's multi-producer queue ({@link #next}),
 * so a {@code callSoonThreadsafe} allocates one object.
 *
 * <p>{@link #state} holds the {@link Runnable} while the callback is pending, then {@link
 * #CANCELLED} or {@link #CLAIMED}. Both transitions away from pending are compare-and-set, so a
 * cancel from another thread racing with the loop starting the callback has exactly one winner.
 * Either transition drops the callback reference.
 *
 * <p>On a loop with context propagation the handle also holds the snapshot captured where the
 * callback was registered ({@link #runClaimed} opens it around the callback); the field fits in
 * the object's alignment padding, so a handle without one is no bigger, and a loop without
 * propagation needs no wrapper object per callback either way.
 */
class LoopHandle implements Handle {
  static final Object CANCELLED = new Object();
  static final Object CLAIMED = new Object();

  private static final VarHandle STATE;
  static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(LoopHandle.class, "state", Object.class);
      NEXT = lookup.findVarHandle(LoopHandle.class, "next", LoopHandle.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile Object state;

  /** The next node in the loop's multi-producer queue; written once by a producer. */
  @SuppressWarnings("unused") // accessed through NEXT
  volatile @Nullable LoopHandle next;

  /**
   * Where the callback was registered, on a propagating loop; null otherwise, and once the
   * callback ran or was cancelled (so a handle kept by its caller keeps no context alive).
   */
  private @Nullable ContextSnapshot snapshot;

  LoopHandle(Object callback) {
    STATE.set(this, callback);
  }

  /** The snapshot this handle still holds, or null; for this package's tests. */
  final @Nullable ContextSnapshot snapshot() {
    return snapshot;
  }

  /** A handle whose callback runs in {@code snapshot}, or as it is when that is null. */
  LoopHandle(Object callback, @Nullable ContextSnapshot snapshot) {
    this.snapshot = snapshot;
    STATE.set(this, callback);
  }

  /**
   * Runs {@code callback}, which {@link #claim()} returned, on the loop thread: inside its
   * registration context if it has one, reporting what it throws to {@code loop}'s exception
   * handler while that context is still open (the handler sees the failing code's context).
   */
  final void runClaimed(Runnable callback, FutureHost loop) {
    ContextSnapshot s = snapshot;
    ContextSnapshot.@Nullable Scope scope = null;
    try {
      if (s != null) {
        snapshot = null;
        scope = loop.enterCallbackContext(s);
      }
      callback.run();
    } catch (Throwable failure) {
      loop.report(LoopErrorContext.callbackFailed("callback", failure, null, callback));
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  /**
   * Takes the callback for running, on the loop thread. Returns null if it was cancelled.
   */
  final @Nullable Runnable claim() {
    Object s = STATE.getAcquire(this);
    if (s instanceof Runnable && STATE.compareAndSet(this, s, CLAIMED)) {
      return (Runnable) s;
    }
    return null;
  }

  /** The pending callback, or null once it was claimed or cancelled. */
  final @Nullable Object pendingCallback() {
    Object s = STATE.getAcquire(this);
    return s == CANCELLED || s == CLAIMED ? null : s;
  }

  @Override
  public final boolean cancel() {
    while (true) {
      Object s = STATE.getAcquire(this);
      if (s == CANCELLED || s == CLAIMED) {
        return false;
      }
      if (STATE.compareAndSet(this, s, CANCELLED)) {
        snapshot = null; // the loop never reads it now: claim() fails
        return true;
      }
    }
  }

  @Override
  public final boolean isCancelled() {
    return STATE.getAcquire(this) == CANCELLED;
  }

  @Override
  public String toString() {
    Object s = STATE.getAcquire(this);
    String status = s == CANCELLED ? "cancelled" : s == CLAIMED ? "ran" : "pending " + s;
    return getClass().getSimpleName() + "[" + status + "]";
  }
}
