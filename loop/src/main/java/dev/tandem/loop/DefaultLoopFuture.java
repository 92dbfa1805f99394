package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The loop future. Three fields: the loop's {@link FutureHost}, the outcome (null while
 * pending; the value, {@link Outcomes#NULL_RESULT}, a {@link Outcomes.Failure} or a {@link
 * Outcomes.Cancelled}), and the callbacks (null, one {@link Consumer}, or a {@link
 * CallbackList}).
 *
 * <p>The outcome is published with a release store and read with an acquire load, so another
 * thread that sees the future done also sees the value and everything written before it. Only
 * the loop thread (or the one set-up thread while the loop is not running) writes, so no write
 * is a read-modify-write. Subclasses are the combinators' futures, which react to their own
 * cancellation through {@link #onCancelled}.
 *
 * <p>On a loop with context propagation ({@link FutureHost#contextPropagator()} other than {@link
 * ContextPropagator#none()}) a done callback is stored as a {@link ContextCallbacks.DoneCallback}
 * holding the registrant's context, and a new future captures its creator's context for the
 * unretrieved-failure report: the callbacks field holds that snapshot itself until the first
 * callback, whose wrapper then keeps it (a list, from the second callback on). Without
 * propagation nothing of the kind is made.
 *
 * <p>Completion queues the done callbacks as one entry of the loop's ready queue (the future and
 * its callback, or the future and a {@link CallbackList} the loop runs in order), so a future with
 * many callbacks costs the queue two slots, not two per callback.
 *
 * <p>The host is the loop itself for Tandem's own loops, or a {@link ForeignLoopHost} over any
 * other {@link EventLoop}; see {@link FutureHost} for why the interface-typed field costs the
 * own loop nothing (one implementor, or a bimorphic call site).
 */
class DefaultLoopFuture<T extends @Nullable Object> implements LoopFuture<T>, ContextCarrier {
  private static final VarHandle OUTCOME;

  static {
    try {
      OUTCOME =
          MethodHandles.lookup().findVarHandle(DefaultLoopFuture.class, "outcome", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The loop this future belongs to, as futures see it. An interface type so that a future can
   * live on any loop; the calls through it stay cheap on Tandem's own loop because the call
   * sites are monomorphic (only {@link DefaultEventLoop} implements it until a foreign loop is
   * used) or at worst bimorphic, which HotSpot inlines behind one type check.
   */
  final FutureHost host;

  @SuppressWarnings("unused") // accessed through OUTCOME
  private @Nullable Object outcome;

  private @Nullable Object callbacks;

  DefaultLoopFuture(FutureHost host) {
    this.host = host;
    boolean debug = host.debug();
    ContextPropagator propagator = host.contextPropagator();
    if (propagator != ContextPropagator.none()) {
      this.callbacks =
          debug
              ? new CallbackList(new Throwable("future created here"), host.captureContext())
              : host.captureContext();
    } else if (debug) {
      this.callbacks = new CallbackList(new Throwable("future created here"));
    }
    if (debug) {
      host.created(this);
    }
  }

  /** The propagator of this future's loop: its done callbacks run in their registrant's context. */
  @Override
  public final ContextPropagator contextPropagator() {
    return host.contextPropagator();
  }

  /**
   * Gives this future a name, shown by {@link #toString()} and the pending-futures dump; kept
   * in a {@link CallbackList}, so an unnamed future pays nothing for it.
   */
  final void setName(String name) {
    host.checkThread("setName");
    Object cbs = callbacks;
    if (cbs instanceof CallbackList list) {
      list.name = name;
    } else {
      boolean pending = OUTCOME.getAcquire(this) == null;
      ContextSnapshot created = ContextCallbacks.creationContextOf(host, cbs);
      boolean onlyCreation = created != null && created == cbs;
      CallbackList list = new CallbackList(name, pending && !onlyCreation ? cbs : null);
      list.creationContext = pending ? created : null;
      callbacks = list;
    }
  }

  /** The name given by {@link #setName}, or null. */
  final @Nullable String name() {
    return callbacks instanceof CallbackList list ? list.name : null;
  }

  /** Debug mode: where this future was created; null otherwise. */
  final @Nullable Throwable creationSite() {
    return callbacks instanceof CallbackList list ? list.creationSite : null;
  }

  @Override
  public final EventLoop loop() {
    return host.eventLoop();
  }

  @Override
  public final boolean isDone() {
    return OUTCOME.getAcquire(this) != null;
  }

  @Override
  public final boolean isCancelled() {
    return OUTCOME.getAcquire(this) instanceof Outcomes.Cancelled;
  }

  /** What {@link #valueOrOutcome()} returns for a future that has no value (yet). */
  static final Object NOT_A_VALUE =
      new Object() {
        @Override
        public String toString() {
          return "NOT_A_VALUE";
        }
      };

  /**
   * The value if this future succeeded (null for a null value), else {@link #NOT_A_VALUE}: for a
   * combinator reading a done input, one load where {@code isCancelled}, {@code exception} and
   * {@code result} are three. Reading a value retrieves nothing, so it silences no report.
   */
  final @Nullable Object valueOrOutcome() {
    Object o = OUTCOME.getAcquire(this);
    if (o == null || o instanceof Outcomes.Failure || o instanceof Outcomes.Cancelled) {
      return NOT_A_VALUE;
    }
    return o == Outcomes.NULL_RESULT ? null : o;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final T result() {
    Object o = OUTCOME.getAcquire(this);
    if (o == null) {
      throw new InvalidStateException("result() called on a pending future: " + this);
    }
    if (o instanceof Outcomes.Failure) {
      Outcomes.Failure f = (Outcomes.Failure) o;
      f.markRetrieved();
      throw Failures.rethrow(f.exception);
    }
    if (o instanceof Outcomes.Cancelled) {
      throw new CancelledException(((Outcomes.Cancelled) o).message);
    }
    return o == Outcomes.NULL_RESULT ? (T) null : (T) o;
  }

  @Override
  public final @Nullable Throwable exception() {
    Object o = OUTCOME.getAcquire(this);
    if (o == null) {
      throw new InvalidStateException("exception() called on a pending future: " + this);
    }
    if (o instanceof Outcomes.Failure) {
      Outcomes.Failure f = (Outcomes.Failure) o;
      f.markRetrieved();
      return f.exception;
    }
    if (o instanceof Outcomes.Cancelled) {
      throw new CancelledException(((Outcomes.Cancelled) o).message);
    }
    return null;
  }

  @Override
  public final void setResult(T value) {
    host.checkThread("setResult");
    if (OUTCOME.getAcquire(this) != null) {
      throw new InvalidStateException("setResult() on a future that is already done: " + this);
    }
    OUTCOME.setRelease(this, value == null ? Outcomes.NULL_RESULT : value);
    scheduleCallbacks();
  }

  @Override
  public final void setException(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof CancellationException) {
      throw new IllegalArgumentException(
          "setException() with a CancellationException; cancel the future instead", failure);
    }
    host.checkThread("setException");
    if (OUTCOME.getAcquire(this) != null) {
      throw new InvalidStateException("setException() on a future that is already done: " + this);
    }
    fail(failure);
  }

  /** Fails without the CancellationException check: a gather fails with CancelledException. */
  final void fail(Throwable failure) {
    Object cbs = callbacks;
    Throwable site = null;
    ContextSnapshot created;
    if (cbs instanceof CallbackList list) {
      site = list.creationSite;
      created = list.creationContext;
    } else {
      created = ContextCallbacks.creationContextOf(host, cbs);
    }
    ContextSnapshot creationContext = created == null ? ContextSnapshot.empty() : created;
    OUTCOME.setRelease(this, new Outcomes.Failure(this, failure, host, site, creationContext));
    scheduleCallbacks();
  }

  @Override
  public final boolean cancel() {
    return cancel(null);
  }

  @Override
  public final boolean cancel(@Nullable String message) {
    host.checkThread("cancel");
    Object o = OUTCOME.getAcquire(this);
    if (o != null) {
      if (o instanceof Outcomes.Failure) {
        ((Outcomes.Failure) o).markRetrieved();
      }
      return false;
    }
    OUTCOME.setRelease(this, Outcomes.Cancelled.of(message));
    scheduleCallbacks();
    onCancelled(message);
    return true;
  }

  /** Called once, on the cancelling thread, after this future became cancelled. */
  void onCancelled(@Nullable String message) {}

  @Override
  public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    host.checkThread("addDoneCallback");
    if (host.contextPropagator() != ContextPropagator.none()) {
      addInContext(callback);
      return;
    }
    if (OUTCOME.getAcquire(this) != null) {
      host.enqueueDoneCallback(this, callback);
      return;
    }
    Object cbs = callbacks;
    if (cbs == null) {
      callbacks = callback;
    } else if (cbs instanceof CallbackList) {
      ((CallbackList) cbs).add(callback);
    } else {
      callbacks = new CallbackList(cbs, callback);
    }
  }

  /**
   * addDoneCallback on a propagating loop: the callback is stored as a {@link
   * ContextCallbacks.DoneCallback} holding the registrant's context. A single callback's wrapper
   * also keeps the future's creation context, so one callback needs no list; a second moves both
   * into a {@link CallbackList}.
   */
  private void addInContext(Consumer<?> callback) {
    if (OUTCOME.getAcquire(this) != null) {
      host.enqueueDoneCallback(this, ContextCallbacks.doneCallback(host, callback, null));
      return;
    }
    Object cbs = callbacks;
    if (cbs instanceof CallbackList list) {
      list.add(ContextCallbacks.nextDoneCallback(host, callback, list.creationContext));
    } else if (cbs instanceof ContextCallbacks.DoneCallback first) {
      CallbackList list =
          new CallbackList(
              first,
              ContextCallbacks.nextDoneCallback(host, callback, first.creationContext));
      list.creationContext = first.creationContext;
      callbacks = list;
    } else {
      callbacks =
          ContextCallbacks.doneCallback(
              host, callback, ContextCallbacks.creationContextOf(host, cbs));
    }
  }

  /**
   * For the wait family's duplicate rule: stores {@code callback} as this pending future's only
   * callback if it has none yet (on a loop without propagation), and says whether it did. A future
   * with no callback cannot already hold it, so that case needs no {@link #removeDoneCallback}
   * first; false leaves the future as it was, for the general rule. Loop thread only; the caller
   * checked that this future is pending.
   */
  final boolean addIfFirst(Consumer<? super AsyncFuture<T>> callback) {
    if (callbacks != null || host.contextPropagator() != ContextPropagator.none()) {
      return false;
    }
    host.checkThread("addDoneCallback");
    callbacks = callback;
    return true;
  }

  @Override
  public final int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    host.checkThread("removeDoneCallback");
    Object cbs = callbacks;
    if (cbs == null) {
      return 0;
    }
    if (cbs instanceof CallbackList) {
      return ((CallbackList) cbs).removeAll(callback);
    }
    if (ContextCallbacks.matches(callback, cbs)) {
      callbacks = ContextCallbacks.afterRemoving(cbs);
      return 1;
    }
    return 0;
  }

  /**
   * Runs one done callback of {@code future}, for the loop that scheduled it (a {@link
   * CallbackList} the loop takes apart itself, so that each callback is counted, watched and
   * reported on its own). A composition step
   * is called through a class check: the interface call a loop makes for every callback sees
   * many receiver types and would not be inlined.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void runDoneCallback(Object callback, DefaultLoopFuture<?> future) {
    if (callback instanceof ChainedFuture step) {
      step.accept(future);
    } else {
      ((Consumer) callback).accept(future);
    }
  }

  /** The one completion path: every outcome is stored, then this runs, once. */
  private void scheduleCallbacks() {
    if (this instanceof OwnedLoopFuture<?> owned) {
      owned.disown(); // the loop no longer owns what is done
    }
    Object cbs = callbacks;
    if (cbs == null) {
      return;
    }
    if (cbs instanceof CallbackList) {
      CallbackList list = (CallbackList) cbs;
      int n = list.size();
      if (list.carriesMetadata()) {
        if (n > 0) {
          host.enqueueDoneCallback(this, n == 1 ? list.get(0) : list.takeCallbacks());
        }
        list.clear();
      } else {
        callbacks = null;
        list.creationContext = null; // the creation context goes (a failure took it along)
        if (n > 0) {
          host.enqueueDoneCallback(this, n == 1 ? list.get(0) : list);
        }
      }
    } else {
      callbacks = null;
      // A creation context alone (a snapshot, on a propagating loop) is no callback: it goes (a
      // failure took it along). The class check first: a failing interface check is slow.
      if (cbs instanceof ContextCallbacks.DoneCallback
          || host.contextPropagator() == ContextPropagator.none()
          || !(cbs instanceof ContextSnapshot)) {
        host.enqueueDoneCallback(this, cbs);
      }
    }
  }

  /**
   * {@code LoopFuture@1b6d3586[status=PENDING]}; {@code [status=SUCCESS,
   * result=[java.lang.String]]} (the result's type, never its text); {@code [status=FAILURE,
   * cause=[java.io.IOException: disk]]}; {@code [status=CANCELLED, message=why]}. A named
   * future ends with its name: {@code [status=PENDING, name=fetch-user]}.
   */
  @Override
  public String toString() {
    String s = statusString();
    String name = name();
    return name == null ? s : s.substring(0, s.length() - 1) + ", name=" + name + "]";
  }

  private String statusString() {
    int hash = System.identityHashCode(this);
    Object o = OUTCOME.getAcquire(this);
    if (o == null) {
      return describe(hash, "PENDING", null);
    }
    if (o instanceof Outcomes.Failure) {
      return describe(hash, "FAILURE", "cause=[" + ((Outcomes.Failure) o).exception + "]");
    }
    if (o instanceof Outcomes.Cancelled) {
      String message = ((Outcomes.Cancelled) o).message;
      return describe(hash, "CANCELLED", message == null ? null : "message=" + message);
    }
    String type = o == Outcomes.NULL_RESULT ? "null" : o.getClass().getName();
    return describe(hash, "SUCCESS", "result=[" + type + "]");
  }

  static String describe(int hash, String status, @Nullable String detail) {
    return "LoopFuture@"
        + Integer.toHexString(hash)
        + "[status="
        + status
        + (detail == null ? "" : ", " + detail)
        + "]";
  }
}
