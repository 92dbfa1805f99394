package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopThreads;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Structured concurrency for blocking code: work started through the group, on threads or on
 * event loops, ends before the block that opened the group does (Python's {@code
 * asyncio.TaskGroup}, for threads, over both kinds of future).
 *
 * <!-- snippet:javadoc-task-group (compiled by the samples module) -->
 * <pre>{@code
 * ExecutorFuture<Integer> price;
 * ExecutorFuture<String> stock;
 * try (TaskGroup group = TaskGroup.open("checkout")) {
 *   price = group.submit("price", pool, () -> pricing.quote(item));
 *   stock = group.startOnLoop("stock", loop, () -> inventory.lookUp(item)); // a loop future
 * } // close() waits for both; the first failure cancels the other and is thrown here
 * return stock.result() + " at " + price.result();
 * }</pre>
 *
 * <h2>Children</h2>
 *
 * A child is started through the group on a {@link FutureExecutor} ({@link #submit}, also one
 * virtual thread per task with {@link FutureExecutor#newVirtualThreadPerTask()}), on an event
 * loop ({@link #startOnLoop}: a starter that runs on the loop thread and returns the loop's
 * future), or adopted from any future ({@link #adopt}). Every method hands back an {@link
 * ExecutorFuture}, which the block's thread may wait on or read: a loop's future comes back as
 * an executor-future view of it (cancelling the view cancels it). Children may add more
 * children, from any thread, until the group has closed. A child may be named; the name appears
 * in the messages, otherwise its number does ({@code #3}).
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} waits until every child is done, children added meanwhile included. The
 * first child that fails (a cancellation is not a failure, also not a child that threw a {@link
 * CancellationException}) shuts the group down: every other child is cancelled with a message
 * naming the failed child, and {@code close()} throws that first failure itself, the same object,
 * with the later failures attached as {@linkplain Throwable#addSuppressed suppressed} (a checked
 * one comes wrapped in {@link java.util.concurrent.CompletionException}, as {@code result()}
 * throws it). Java has no {@code ExceptionGroup}, and a wrapper would hide the failure from a
 * {@code catch} of its type; the JDK's own try-with-resources attaches secondary failures the
 * same way. If the block already received that failure from a read of a future (a child's
 * {@code result(Duration)}, for instance) and is propagating it, {@code close()} attaches the
 * others to it and does not throw it a second time. Calling {@code close()} again does nothing,
 * so a block that needs the results calls it explicitly before reading them.
 *
 * <p>{@code close()} waits inside the enclosing scope: when an enclosing {@link Deadline}
 * expires or an enclosing group shuts down, this group's children are cancelled with that
 * message and, once they are done, {@code close()} throws that cancellation: a nested group
 * never swallows the enclosing cancellation. An interrupt of the closing thread cancels the
 * children too; {@code close()} still waits for them, then throws a {@link CancelledException}
 * with the interrupt flag set again. Tandem never interrupts a running task, so a child that is
 * already running finishes before {@code close()} returns: its Tandem waits (on any future, in
 * {@link FutureWaits}, in a nested group) end with the group's cancellation, since children run
 * with the group as their enclosing scope, and CPU-bound code calls {@link #ensureActive()}
 * between steps.
 *
 * <h2>Cancelling</h2>
 *
 * {@link #cancel(String)} shuts the group down from any thread: every child not done is
 * cancelled with the message, and {@code close()} then returns normally unless a child failed
 * (Python's {@code TaskGroup.cancel()}). Work added to a group that is shutting down is
 * cancelled, not lost: {@code submit} and {@code startOnLoop} return a future already cancelled
 * with the shutdown message and never run the task; {@code adopt} cancels the adopted future and
 * still waits for it. A group that has closed refuses new work with {@link
 * IllegalStateException} (an adopted future is cancelled first, so it is not left behind).
 *
 * <h2>Java's try-with-resources</h2>
 *
 * {@code close()} cannot see an exception the block throws. If the block fails, {@code close()}
 * still waits for the children as they run, and the block's exception wins (the group's failure
 * is attached to it as suppressed). {@link #call} is the form that knows: a failing body shuts
 * the group down, and a cancellation the group itself caused in the body gives way to the
 * group's failure.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread, except {@link #close()}, which belongs to the
 * thread that opened the group (it restores that thread's enclosing scope). Done callbacks of
 * the children run where their kind says; the group's own bookkeeping runs in them. {@code
 * close()} blocks, and on a running event loop's thread, with children still pending, it fails
 * fast with {@link BlockingOnLoopException} instead: the children are then cancelled with a
 * message saying so and the group is closed without waiting for them.
 */
public final class TaskGroup implements AutoCloseable {

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final String name;
  private final Thread owner;
  private final @Nullable CancelScope previous;
  /* Completed once close() began and no child is pending: what close() waits for. */
  private final SettableFuture<@Nullable Object> allDone = new SettableFuture<>();

  // Guarded by this.
  private final Set<Child> children = new LinkedHashSet<>();
  private final List<Throwable> failures = new ArrayList<>(1);
  private int pending;
  private int numbered;
  private boolean closing;
  private boolean finished;

  /* Written once, message before flag; read flag first. */
  private volatile @Nullable String shutdownMessage;
  private volatile boolean shuttingDown;

  // The owner thread's alone.
  private final List<Throwable> delivered = new ArrayList<>(1);
  private boolean closeCalled;

  private final CancelScope scope;

  private TaskGroup(String name) {
    this.name = name;
    this.owner = Thread.currentThread();
    this.previous = CancelScope.CURRENT.get();
    this.scope = CancelScope.forGroup(this);
    CancelScope.setCurrent(scope);
  }

  /**
   * Opens a group on this thread, nested in the group or deadline that is current here (if
   * any); close it on this thread, with try-with-resources. Named {@code task-group-N}.
   */
  public static TaskGroup open() {
    return new TaskGroup("task-group-" + NUMBER.incrementAndGet());
  }

  /**
   * Opens a group called {@code name}; see {@link #open()}.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public static TaskGroup open(String name) {
    Objects.requireNonNull(name, "name");
    return new TaskGroup(name);
  }

  /**
   * Runs {@code body} with a new group and closes it: Python's {@code async with TaskGroup()}
   * with the block's own exceptions taken into account, which try-with-resources cannot do.
   *
   * <ul>
   *   <li>The body returns: the group closes as {@link #close()} does, and the body's value is
   *       returned once every child is done.
   *   <li>The body throws a failure: the group shuts down (its children are cancelled with a
   *       message naming the body's failure), and once they are done that failure is thrown,
   *       with the children's failures attached as suppressed.
   *   <li>The body throws a cancellation while the group is shutting down (the group's own
   *       shutdown reached a wait in the body): the group's outcome is thrown instead, its first
   *       failure or the enclosing cancellation; after an explicit {@link #cancel(String)} the
   *       body's cancellation is rethrown, since there is no value to return.
   *   <li>The body throws a cancellation from elsewhere: the group shuts down with its message,
   *       and the cancellation is rethrown once the children are done.
   * </ul>
   *
   * @throws E what the body throws; see above
   * @throws NullPointerException if {@code body} is null
   * @throws BlockingOnLoopException on a running event loop's thread with children pending
   */
  public static <T extends @Nullable Object, E extends Exception> T call(Body<T, E> body)
      throws E {
    Objects.requireNonNull(body, "body");
    return open().run(body);
  }

  /**
   * {@link #call(Body)} with a group called {@code name}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object, E extends Exception> T call(
      String name, Body<T, E> body) throws E {
    Objects.requireNonNull(body, "body");
    return open(name).run(body);
  }

  /** The block of {@link #call}: it starts children through the group it is given. */
  @FunctionalInterface
  public interface Body<T extends @Nullable Object, E extends Exception> {
    /** Runs on the thread that called {@code call}, with the group as its enclosing scope. */
    T run(TaskGroup group) throws E;
  }

  /** The group's name. */
  public String name() {
    return name;
  }

  /**
   * A cancellation checkpoint for CPU-bound code, which no wait would stop (Tandem never
   * interrupts a thread): throws the cancellation of the current scope (the group a child runs
   * in, or the group or {@link Deadline} around the calling code) if it has shut down or its
   * deadline has passed; returns at once otherwise, also outside every group and deadline.
   * Kotlin's {@code ensureActive()}.
   *
   * @throws CancelledException the scope's cancellation, with its message
   */
  public static void ensureActive() {
    CancelScope scope = CancelScope.current();
    if (scope != null) {
      scope.throwIfCancelled();
    }
  }

  // ---- children ----

  /**
   * Starts {@code task} on {@code executor} as a child and returns its future. The task runs
   * with this group as its enclosing scope, so its Tandem waits end when the group shuts down.
   *
   * @return the task's future; already cancelled, the task never run, if the group is shutting
   *     down
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
   * @throws IllegalStateException if the group has closed
   */
  public <T extends @Nullable Object> ExecutorFuture<T> submit(
      FutureExecutor executor, Callable<? extends T> task) {
    return submitChild(null, executor, task);
  }

  /**
   * {@link #submit(FutureExecutor, Callable)} for a child called {@code name}.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
   * @throws IllegalStateException if the group has closed
   */
  public <T extends @Nullable Object> ExecutorFuture<T> submit(
      String name, FutureExecutor executor, Callable<? extends T> task) {
    Objects.requireNonNull(name, "name");
    return submitChild(name, executor, task);
  }

  /**
   * Starts a child on {@code loop}: {@code starter} runs later on the loop's thread (through
   * {@code callSoonThreadsafe}), with this group as its enclosing scope, and returns the future
   * of the work it began there (typically a loop future of {@code loop}). The child is done
   * when that future is; what the starter throws fails the child. If the loop closes before the
   * starter ran, the child is cancelled with a message saying so.
   *
   * @return an executor-future view of the starter's future; cancelling it cancels that future,
   *     or keeps the starter from running if it has not run yet. Already cancelled, the starter
   *     never run, if the group is shutting down
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   * @throws IllegalStateException if the group has closed
   */
  public <T extends @Nullable Object> ExecutorFuture<T> startOnLoop(
      EventLoop loop, Callable<? extends AsyncFuture<T>> starter) {
    return startChild(null, loop, starter);
  }

  /**
   * {@link #startOnLoop(EventLoop, Callable)} for a child called {@code name}.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   * @throws IllegalStateException if the group has closed
   */
  public <T extends @Nullable Object> ExecutorFuture<T> startOnLoop(
      String name, EventLoop loop, Callable<? extends AsyncFuture<T>> starter) {
    Objects.requireNonNull(name, "name");
    return startChild(name, loop, starter);
  }

  /**
   * Makes {@code future}, of any kind, a child: the group waits for it and cancels it when it
   * shuts down (a loop future on its loop's thread). A loop future whose loop closes while it is
   * pending counts as cancelled.
   *
   * @return {@code future} itself if it is an executor future, else an executor-future view of
   *     it (cancelling the view cancels it)
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalStateException if the group has closed; {@code future} is cancelled first
   */
  public <T extends @Nullable Object> ExecutorFuture<T> adopt(AsyncFuture<T> future) {
    return adoptChild(null, future);
  }

  /**
   * {@link #adopt(AsyncFuture)} for a child called {@code name}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the group has closed; {@code future} is cancelled first
   */
  public <T extends @Nullable Object> ExecutorFuture<T> adopt(
      String name, AsyncFuture<T> future) {
    Objects.requireNonNull(name, "name");
    return adoptChild(name, future);
  }

  /**
   * Shuts the group down: every child not done is cancelled with {@code message}, so is work
   * added later, and {@link #close()} returns normally once the children are done, unless one
   * failed. Callable from any thread; the first shutdown wins (a child's failure, an enclosing
   * cancellation or a cancel), later ones change nothing.
   *
   * @param message the cancel message the children get, or null for none
   * @return true if this call shut the group down; false if it was shutting down or closed
   */
  public boolean cancel(@Nullable String message) {
    synchronized (this) {
      if (finished) {
        return false;
      }
    }
    return scope.cancel(new CancelScope.Cancellation(scope, message));
  }

  private <T extends @Nullable Object> ExecutorFuture<T> submitChild(
      @Nullable String childName, FutureExecutor executor, Callable<? extends T> task) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(task, "task");
    Child child = register(childName, null);
    if (shuttingDown) {
      settled(child, null);
      return ExecutorFutures.cancelled(shutdownMessage);
    }
    ExecutorFuture<T> future;
    try {
      future = executor.submit(inScope(task));
    } catch (RuntimeException | Error refused) {
      settled(child, null);
      throw refused;
    }
    watch(child, future);
    return future;
  }

  private <T extends @Nullable Object> ExecutorFuture<T> startChild(
      @Nullable String childName, EventLoop loop, Callable<? extends AsyncFuture<T>> starter) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(starter, "starter");
    Child child = register(childName, null);
    if (shuttingDown) {
      settled(child, null);
      return ExecutorFutures.cancelled(shutdownMessage);
    }
    ChildView<T> view;
    try {
      view = ChildView.startOnLoop(loop, starter, scope, decisive -> settled(child, decisive));
    } catch (RuntimeException | Error refused) {
      settled(child, null);
      throw refused;
    }
    child.target = view;
    cancelIfShuttingDown(view);
    return view;
  }

  @SuppressWarnings("unchecked")
  private <T extends @Nullable Object> ExecutorFuture<T> adoptChild(
      @Nullable String childName, AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    Child child = register(childName, future);
    if (future instanceof ExecutorFuture<T> executorFuture) {
      watch(child, executorFuture);
      return executorFuture;
    }
    ChildView<T> view = ChildView.of(future, decisive -> settled(child, decisive));
    child.target = view;
    cancelIfShuttingDown(view);
    return view;
  }

  /** Counts a new child in, or refuses (cancelling {@code adopted}) once the group closed. */
  private Child register(@Nullable String childName, @Nullable AsyncFuture<?> adopted) {
    synchronized (this) {
      if (!finished) {
        int number = ++numbered;
        Child child = new Child(childName == null ? "#" + number : "'" + childName + "'");
        children.add(child);
        pending++;
        return child;
      }
    }
    String refusal = this + " has closed and accepts no new children; open another group";
    if (adopted != null) {
      LoopThreads.cancelUnlessDone(adopted, refusal);
    }
    throw new IllegalStateException(refusal);
  }

  private void watch(Child child, ExecutorFuture<?> future) {
    child.target = future;
    future.addDoneCallback(done -> settled(child, done));
    cancelIfShuttingDown(future);
  }

  /* A shutdown that began while the child was being added saw no target to cancel: cancel here. */
  private void cancelIfShuttingDown(AsyncFuture<?> target) {
    if (shuttingDown) {
      CancelPropagation.cancelUnlessDone(target, shutdownMessage);
    }
  }

  private <T extends @Nullable Object> Callable<T> inScope(Callable<? extends T> task) {
    return () -> {
      CancelScope outer = CancelScope.CURRENT.get();
      CancelScope.setCurrent(scope);
      try {
        return task.call();
      } finally {
        CancelScope.setCurrent(outer);
      }
    };
  }

  /**
   * A child is done; {@code decisive} is the future whose outcome it had (null: it never
   * started). A failure that is not a cancellation is recorded; the first shuts the group down.
   */
  private void settled(Child child, @Nullable AsyncFuture<?> decisive) {
    Throwable failure = decisive == null ? null : failureOf(decisive);
    boolean first = false;
    boolean last;
    synchronized (this) {
      children.remove(child);
      pending--;
      if (failure != null && !containsSame(failures, failure)) {
        failures.add(failure);
        first = failures.size() == 1;
      }
      last = finishIfDone();
    }
    if (first) {
      scope.cancel(
          new CancelScope.Cancellation(
              scope,
              "cancelled by " + name + " because its child " + child.label + " failed: " + failure));
    }
    if (last) {
      allDone.tryComplete(null);
    }
  }

  private static @Nullable Throwable failureOf(AsyncFuture<?> done) {
    if (done.isCancelled()) {
      return null;
    }
    Throwable failure;
    try {
      failure = done.exception();
    } catch (CancellationException cancelled) {
      return null;
    }
    return failure == null || failure instanceof CancellationException
        ? null
        : Failures.unwrap(failure);
  }

  /* Guarded by this: the group is finished once close began and nothing is pending. */
  private boolean finishIfDone() {
    if (closing && pending == 0 && !finished) {
      finished = true;
      return true;
    }
    return false;
  }

  /** The scope was cancelled (its own shutdown or an enclosing one): cancel every child. */
  void onScopeCancelled(CancelScope.Cancellation why) {
    List<AsyncFuture<?>> targets = new ArrayList<>();
    synchronized (this) {
      shutdownMessage = why.message();
      shuttingDown = true;
      for (Child child : children) {
        AsyncFuture<?> target = child.target;
        if (target != null) {
          targets.add(target);
        }
      }
    }
    for (AsyncFuture<?> target : targets) {
      CancelPropagation.cancelUnlessDone(target, why.message());
    }
  }

  /** A read of a future threw {@code failure} to the thread that opened this group. */
  void noteDelivered(Throwable failure) {
    if (!containsSame(delivered, failure)) {
      delivered.add(failure);
    }
  }

  // ---- closing ----

  /**
   * Waits until every child is done, then throws the group's first failure (the others attached
   * as suppressed), or the enclosing cancellation that reached it; returns normally if every
   * child succeeded or was cancelled, also after {@link #cancel(String)}. See the class
   * documentation for the rules; calling it again does nothing.
   *
   * @throws RuntimeException the first failure as {@code result()} throws it: unchecked as it
   *     is, checked wrapped in {@link java.util.concurrent.CompletionException}
   * @throws Error the first failure, if it is an error
   * @throws CancelledException the enclosing cancellation (a {@link Deadline}'s expiry turns into
   *     a {@link TimeoutException} at that deadline's boundary), or after an interrupt
   * @throws BlockingOnLoopException on a running event loop's thread with children pending; the
   *     children are cancelled and the group is closed
   * @throws IllegalStateException if called on another thread than the one that opened the
   *     group, or while a group or deadline opened inside it is still open; nothing changes
   */
  @Override
  public void close() {
    if (closeCalled) {
      return;
    }
    Thread me = Thread.currentThread();
    if (me != owner) {
      throw new IllegalStateException(
          "close() of "
              + this
              + " on thread '"
              + me.getName()
              + "': a group is closed by the thread that opened it, '"
              + owner.getName()
              + "'");
    }
    CancelScope current = CancelScope.CURRENT.get();
    if (current != scope) {
      throw new IllegalStateException(
          "close() of " + this + " while " + current + " opened inside it is still open; close that first");
    }
    closeCalled = true;
    CancelScope.setCurrent(previous);
    boolean last;
    synchronized (this) {
      closing = true;
      last = finishIfDone();
    }
    if (last) {
      allDone.tryComplete(null);
    }
    boolean interrupted = false;
    try {
      if (!allDone.isDone()) {
        refuseOnLoopThread();
        interrupted = awaitChildren();
      }
    } finally {
      scope.exit();
    }
    throwOutcome(interrupted);
  }

  private void refuseOnLoopThread() {
    try {
      Blocking.checkNotOnLoop("the children of " + this + " (close)");
    } catch (BlockingOnLoopException refused) {
      scope.cancel(
          new CancelScope.Cancellation(
              scope, name + " was closed on an event loop's thread, which must not block"));
      synchronized (this) {
        finished = true;
      }
      throw refused;
    }
  }

  /** Waits in the enclosing scope, then without one; returns whether it was interrupted. */
  private boolean awaitChildren() {
    boolean interrupted = false;
    CancelScope enclosing = CancelScope.current();
    while (!allDone.isDone()) {
      try {
        if (enclosing != null) {
          enclosing.await(allDone, 0L, false, this);
        } else {
          allDone.awaitDone(0L, false);
        }
      } catch (ScopeCancellation cancelled) {
        /* The enclosing scope's cancellation reached this group's scope and its children. */
        CancelScope.Cancellation why = enclosing.check();
        if (why != null) {
          scope.cancel(why);
        }
        enclosing = null;
      } catch (InterruptedException e) {
        interrupted = true;
        scope.cancel(
            new CancelScope.Cancellation(
                scope, "the thread closing " + name + " was interrupted"));
      } catch (TimeoutException impossible) {
        throw new AssertionError("an untimed wait timed out", impossible);
      }
    }
    return interrupted;
  }

  private void throwOutcome(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable first;
    synchronized (this) {
      first = failures.isEmpty() ? null : failures.get(0);
      for (int i = 1; i < failures.size(); i++) {
        if (failures.get(i) != first && first != null) {
          first.addSuppressed(failures.get(i));
        }
      }
    }
    if (first != null) {
      if (containsSame(delivered, first)) {
        return; // the block is propagating it already
      }
      throw Failures.rethrow(first);
    }
    if (interrupted) {
      throw new CancelledException("the thread closing " + name + " was interrupted");
    }
    CancelScope.Cancellation why = scope.cancellation();
    if (why != null && why.origin() != scope) {
      throw why.exception();
    }
  }

  /** {@link #call}: the body with this group current, then the rules of {@code call}. */
  private <T extends @Nullable Object, E extends Exception> T run(Body<T, E> body) throws E {
    T value;
    try {
      value = body.run(this);
    } catch (Throwable thrown) {
      throw this.<E>rethrown(closeAfter(thrown));
    }
    close();
    return value;
  }

  private Throwable closeAfter(Throwable thrown) {
    boolean cancellation = thrown instanceof CancellationException;
    CancelScope.Cancellation before = scope.cancellation();
    if (!cancellation) {
      scope.cancel(
          new CancelScope.Cancellation(
              scope, "cancelled by " + name + " because its body failed: " + thrown));
    } else if (before == null) {
      scope.cancel(new CancelScope.Cancellation(scope, thrown.getMessage()));
    }
    Throwable outcome = null;
    try {
      close();
    } catch (Throwable fromClose) {
      outcome = fromClose;
    }
    if (!cancellation) {
      if (outcome != null && outcome != thrown) {
        Throwable attached = Failures.unwrap(outcome);
        if (attached != thrown) {
          thrown.addSuppressed(attached);
        }
      }
      return thrown;
    }
    if (outcome != null) {
      return outcome; // the group's failure or the enclosing cancellation has priority
    }
    return thrown;
  }

  @SuppressWarnings("unchecked")
  private <E extends Exception> E rethrown(Throwable thrown) throws E {
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    return (E) thrown; // a checked exception can only be the body's own E
  }

  private static boolean containsSame(List<Throwable> list, Throwable failure) {
    for (Throwable t : list) {
      if (t == failure) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code TaskGroup[name, open, 2 pending]}, {@code shutting down}, or {@code closed}; never the
   * children's values.
   */
  @Override
  public String toString() {
    synchronized (this) {
      String state = finished ? "closed" : shuttingDown ? "shutting down" : closing ? "closing" : "open";
      return "TaskGroup[" + name + ", " + state + (finished ? "" : ", " + pending + " pending") + "]";
    }
  }

  /** One child: its label for messages, and what to cancel when the group shuts down. */
  private static final class Child {
    final String label;
    volatile @Nullable AsyncFuture<?> target;

    Child(String label) {
      this.label = label;
    }
  }
}
