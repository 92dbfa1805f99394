package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The structure of loop code: one scope per open {@link LoopTaskGroup} and {@link LoopDeadline},
 * each linked to the scope that was current when it was opened, so they form a tree on one loop.
 * A scope is current ({@link #CURRENT}) while the user code it runs runs: a group's starters and
 * a deadline's body; what that code opens nests below it.
 *
 * <p>A scope is cancelled at most once, by the first of its own cancellation (a group's first
 * failure or {@code cancel(message)}, a deadline's expiry) and its parent's, which reaches every
 * scope below. A cancellation is permanent; a scope that ended uncancelled takes no effect any
 * more (on code that still sees it through a context carried out of it). Its owner reacts (a group cancels its children, a deadline its body's future), and
 * every {@link LoopFutures#waitFor} made inside it is cancelled with the message: Tandem's waits
 * inside a scope end with it, which is how they use the earlier of their own timeout and the
 * scope's deadline. A scope ends ({@link #exit}) only once the scopes opened inside it have
 * ended, so structure holds even where a chain of loop futures was cancelled at once.
 *
 * <p>Confined to the loop's thread (or the set-up thread while the loop is not running), like
 * the loop futures it serves; nothing here is locked.
 */
final class LoopScope {

  /** The scope whose user code runs on this thread now, or null. */
  static final ThreadLocal<@Nullable LoopScope> CURRENT = new ThreadLocal<>();

  /**
   * The current scope as a context. A loop built with context propagation captures it too
   * ({@link #travellingWith}), so that callbacks registered inside a deadline's body or a group's
   * starter run inside that scope; on a loop without propagation a scope is current only while
   * the code it runs itself runs.
   */
  static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(CURRENT);

  /**
   * Whether any scope was ever current on any thread; set once, before the first one becomes
   * current. Until then {@link #CURRENT} is null everywhere, so a propagating loop captures only
   * its user's values and leaves the scope's thread-local alone (no read at capture, no write
   * when a callback runs).
   */
  private static volatile boolean everCurrent;

  /**
   * The propagator a loop built with {@code propagator} uses: {@code propagator} and the current
   * scope, or {@link ContextPropagator#none()} for a loop without propagation (which stays free).
   */
  static ContextPropagator travellingWith(ContextPropagator propagator) {
    return propagator == ContextPropagator.none()
        ? propagator
        : new Travelling(propagator, ContextPropagator.composite(propagator, PROPAGATOR));
  }

  /**
   * The user's propagator with the current scope beside it, once scopes are in use. A snapshot
   * taken before the first scope ever became current holds the user's values only: it captured
   * an absent scope, and it is only opened where no scope is current either (a loop runs its
   * callbacks and tasks between scopes, never inside one).
   */
  private static final class Travelling implements ContextPropagator {
    private final ContextPropagator own;
    private final ContextPropagator withScope;

    Travelling(ContextPropagator own, ContextPropagator withScope) {
      this.own = own;
      this.withScope = withScope;
    }

    @Override
    public ContextSnapshot capture() {
      return everCurrent ? withScope.capture() : own.capture();
    }

    @Override
    public ContextSnapshot captureReusing(ContextSnapshot held) {
      return everCurrent ? withScope.captureReusing(held) : own.captureReusing(held);
    }

    @Override
    public String toString() {
      return withScope.toString();
    }
  }

  /** Why a scope was cancelled: the scope whose own cancellation it is, and the message. */
  record Cancellation(LoopScope origin, @Nullable String message) {}

  final FutureHost host;
  final @Nullable LoopScope parent;
  private final @Nullable LoopTaskGroup group;
  private final @Nullable LoopDeadline deadline;
  private final List<LoopScope> children = new ArrayList<>(2);
  private final List<LoopFuture<?>> waits = new ArrayList<>(2);
  private @Nullable Cancellation cancelled;
  private boolean exited;

  private LoopScope(
      FutureHost host,
      @Nullable LoopScope parent,
      @Nullable LoopTaskGroup group,
      @Nullable LoopDeadline deadline) {
    this.host = host;
    this.parent = parent;
    this.group = group;
    this.deadline = deadline;
  }

  /**
   * The innermost scope of {@code host}'s loop in effect on this thread, or null: a scope stops
   * taking effect when it ends, unless it was cancelled by then, since a cancellation is
   * permanent (code that a context carried out of a cancelled group or an expired deadline stays
   * cancelled).
   */
  static @Nullable LoopScope current(FutureHost host) {
    LoopScope s = CURRENT.get();
    while (s != null && s.exited && s.cancelled == null) {
      s = s.parent;
    }
    return s != null && s.host.eventLoop() == host.eventLoop() ? s : null;
  }

  static LoopScope forGroup(FutureHost host, LoopTaskGroup group) {
    return link(new LoopScope(host, current(host), group, null));
  }

  static LoopScope forDeadline(FutureHost host, LoopDeadline deadline) {
    return link(new LoopScope(host, current(host), null, deadline));
  }

  private static LoopScope link(LoopScope scope) {
    LoopScope p = scope.parent;
    if (p != null) {
      p.children.add(scope);
      Cancellation inherited = p.cancelled;
      if (inherited != null) {
        scope.cancel(inherited);
      }
    }
    return scope;
  }

  /** Runs {@code code} with this scope current, restoring what was current before. */
  <T extends @Nullable Object> T runInside(java.util.concurrent.Callable<T> code) throws Exception {
    if (!everCurrent) {
      everCurrent = true;
    }
    LoopScope outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return code.call();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  @Nullable Cancellation cancellation() {
    return cancelled;
  }

  /** Whether this scope was cancelled by its own cancellation (not an enclosing one). */
  boolean cancelledByItself() {
    Cancellation c = cancelled;
    return c != null && c.origin() == this;
  }

  /**
   * The scope is done: it leaves its parent, which may have been waiting for it (a group or
   * deadline completes only once the scopes opened inside it have), and takes no part any more.
   */
  void exit() {
    if (exited) {
      return;
    }
    exited = true;
    LoopScope p = parent;
    if (p != null) {
      p.children.remove(this);
      LoopTaskGroup g = p.group;
      if (g != null) {
        g.onNestedScopeExited();
      }
      LoopDeadline d = p.deadline;
      if (d != null) {
        d.onNestedScopeExited();
      }
    }
  }

  /** Whether a group or deadline opened inside this scope has not completed yet. */
  boolean hasOpenChildren() {
    return !children.isEmpty();
  }

  /**
   * Cancels this scope and every scope below it, unless it was cancelled already: the owner
   * reacts, then the scopes below, then the waits made inside are cancelled with the message.
   * Returns true if this call cancelled it.
   */
  boolean cancel(Cancellation why) {
    if (cancelled != null || exited) {
      return false; // the first cancellation wins; a scope that ended uncancelled stays so
    }
    cancelled = why;
    /* The scopes inside first, so each learns the true origin before this owner's reaction
     * (cancelling a chain of futures) can reach it by another way. */
    for (LoopScope child : new ArrayList<>(children)) {
      child.cancel(why);
    }
    LoopTaskGroup g = group;
    if (g != null) {
      g.onScopeCancelled(why);
    }
    LoopDeadline d = deadline;
    if (d != null) {
      d.onScopeCancelled(why);
    }
    for (LoopFuture<?> wait : new ArrayList<>(waits)) {
      if (!wait.isDone()) {
        wait.cancel(why.message());
      }
    }
    waits.clear();
    return true;
  }

  /**
   * A wait made inside this scope ({@code waitFor}): the scope's cancellation cancels it, at
   * once if the scope is cancelled already. The registration ends when the wait is done.
   */
  void cancelWithScope(LoopFuture<?> wait) {
    Cancellation c = cancelled;
    if (c != null) {
      wait.cancel(c.message());
      return;
    }
    waits.add(wait);
    wait.addDoneCallback(done -> waits.remove(done));
  }

  /**
   * Cancels {@code child} for a scope's cancellation {@code why}: a group's completion or a
   * deadline's result of this loop is not cancelled (that would end it before its own children)
   * but has its scope cancelled, so it ends once its work has; anything else is cancelled with
   * the message, a future of another loop on its loop's thread.
   */
  static void cancelChild(AsyncFuture<?> child, Cancellation why) {
    if (child instanceof ScopeFuture<?> scoped
        && scoped.scope().host.eventLoop() == why.origin().host.eventLoop()) {
      scoped.scope().cancel(why);
      return;
    }
    if (Combinators.isOfLoop(child, why.origin().host.eventLoop())) {
      if (!child.isDone()) {
        child.cancel(why.message()); // this loop's thread (or its set-up thread): at once
      }
      return;
    }
    LoopThreads.cancelUnlessDone(child, why.message());
  }

  /**
   * The future a group or deadline hands out for its whole work. Cancelling it from outside
   * cancels its scope with the message; the scope's own cancellation ends it through {@link
   * #cancelFromScope}, which does not cancel the scope again.
   */
  abstract static class ScopeFuture<T extends @Nullable Object> extends DefaultLoopFuture<T> {
    private boolean fromScope;

    ScopeFuture(FutureHost host) {
      super(host);
    }

    /** The scope of the group or deadline (created after this future, so read when needed). */
    abstract LoopScope scope();

    final void cancelFromScope(@Nullable String message) {
      fromScope = true;
      cancel(message);
    }

    @Override
    final void onCancelled(@Nullable String message) {
      if (!fromScope) {
        LoopScope scope = scope();
        scope.cancel(new Cancellation(scope, message));
      }
    }
  }

  /**
   * Runs {@code onDone} on {@code host}'s loop thread once {@code future}, of any kind, is done,
   * with the done future; with null if it can never complete (a loop future of another loop
   * that closed while it was pending). Nothing runs if this loop closes first: closing it
   * cancels whatever was waiting.
   */
  static <T extends @Nullable Object> void whenDone(
      FutureHost host, AsyncFuture<T> future, Consumer<@Nullable AsyncFuture<?>> onDone) {
    if (Combinators.isOfLoop(future, host.eventLoop())) {
      future.addDoneCallback(onDone::accept);
      return;
    }
    LoopThreads.observe(future, done -> hop(host, done, onDone), () -> hop(host, null, onDone));
  }

  private static void hop(
      FutureHost host, @Nullable AsyncFuture<?> done, Consumer<@Nullable AsyncFuture<?>> onDone) {
    try {
      host.eventLoop().callSoonThreadsafe(() -> onDone.accept(done));
    } catch (RejectedExecutionException closed) {
      // this loop closed: it cancelled the futures that waited for this outcome
    }
  }

  /**
   * Whether a done future ended as a cancellation: cancelled, or failed with a {@link
   * CancellationException} (code that let a cancellation escape).
   */
  static boolean endedCancelled(AsyncFuture<?> done) {
    if (done.isCancelled()) {
      return true;
    }
    try {
      return done.exception() instanceof CancellationException;
    } catch (CancellationException cancelled) {
      return true;
    }
  }

  /** The message of a future that {@linkplain #endedCancelled ended cancelled}. */
  static @Nullable String cancelMessageOf(AsyncFuture<?> done) {
    try {
      Throwable failure = done.exception();
      return failure == null ? null : failure.getMessage();
    } catch (CancellationException cancelled) {
      return cancelled.getMessage();
    }
  }

  @Override
  public String toString() {
    Object owner = group != null ? group : deadline;
    return "LoopScope[" + owner + (exited ? ", exited]" : "]");
  }
}
