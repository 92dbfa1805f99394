package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Structured concurrency on an event loop, without blocking: Python's {@code asyncio.TaskGroup}
 * for loop futures, over children of either kind.
 *
 * <!-- snippet:javadoc-loop-task-group (compiled by the samples module) -->
 * <pre>{@code
 * LoopTaskGroup group = LoopTaskGroup.open(loop, "checkout");
 * LoopFuture<Integer> price = group.adopt("price", pool.submit(() -> pricing.quote(item)));
 * LoopFuture<String> stock = group.start("stock", () -> inventory.lookUp(item));
 * LoopFuture<String> answer =
 *     LoopFutures.map(group.close(), done -> stock.result() + " at " + price.result());
 * }</pre>
 *
 * <h2>Children</h2>
 *
 * {@link #adopt} makes any future a child: a loop future of this loop, an executor future
 * completed on a pool thread, a loop future of another loop. {@link #start} runs a starter later
 * on the loop thread, with the group as the current scope (so the groups, deadlines and {@code
 * waitFor}s it opens nest in this group), and makes the future it returns a child: asyncio's
 * {@code create_task}. Both return a loop future of this loop that completes like the child
 * (for an adopted loop future of this loop, the future itself; otherwise a view made with
 * {@link LoopFutures#adopt}). The group waits for the children themselves, not for the views: an
 * executor task that is already running when it is cancelled is waited for until it has
 * finished. Children may add more children until the group has completed. A child's failure is
 * the group's to report (through its completion), so neither a child nor its view is reported
 * as a failure nobody retrieved.
 *
 * <h2>Completion</h2>
 *
 * {@link #close()} ends the group's opening phase and returns its completion, a loop future that
 * completes once every child is done, children added meanwhile included:
 *
 * <ul>
 *   <li>with {@code null} if no child failed (a cancelled child, or one that failed with a {@link
 *       CancellationException}, is not a failure);
 *   <li>with the first failure, the same object, with the later failures attached as {@linkplain
 *       Throwable#addSuppressed suppressed}, if a child failed: that failure has cancelled every
 *       other child with a message naming the failed child (Java has no {@code ExceptionGroup};
 *       the JDK's try-with-resources attaches secondary failures the same way);
 *   <li>cancelled with the enclosing scope's message, if an enclosing group or deadline was
 *       cancelled and no child failed: a nested group never swallows the enclosing cancellation.
 * </ul>
 *
 * <h2>Cancelling</h2>
 *
 * {@link #cancel(String)} cancels every child that is not done with the message; the completion
 * then succeeds once they are done, unless one failed (Python's {@code TaskGroup.cancel()}). When
 * a group shuts down (a failure, a cancel, an enclosing cancellation), work added afterwards is
 * cancelled, not lost: {@code start} returns a cancelled future and never runs the starter,
 * {@code adopt} cancels the adopted future. Once the group has completed, both throw {@link
 * IllegalStateException} ({@code adopt} cancels the future first). Cancelling the completion
 * future itself cancels the children too, but, being a loop future, it is cancelled at once and
 * does not wait for them; {@code cancel} then waiting for the completion does.
 *
 * <p>A group that is a child of another group or deadline on the same loop (adopted, or
 * returned by a starter or a body) is shut down by its parent's cancellation rather than
 * cancelled, so the parent waits for its children too.
 *
 * <h2>Threads</h2>
 *
 * Like a loop future, a group belongs to its loop's thread: {@code open}, {@code adopt}, {@code
 * start}, {@code cancel} and {@code close} from another thread while the loop runs throw {@link
 * dev.tandem.api.WrongThreadException} (use {@code loop.callSoonThreadsafe}); while the loop is
 * not running, one thread may set a group up. Starters and the group's bookkeeping run on the
 * loop thread, in callbacks, never inline in the call that adds a child; an executor child's
 * completion reaches the loop through {@code callSoonThreadsafe}. Nothing here blocks. Closing
 * the loop cancels the completion and every view, with the loop's close message.
 */
public final class LoopTaskGroup {

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final FutureHost host;
  private final String name;
  private final LoopScope scope;
  private final Completion completion;
  private final Set<Child> children = new LinkedHashSet<>();
  private final List<Throwable> failures = new ArrayList<>(1);
  private int pending;
  private int numbered;
  private boolean closing;
  private boolean finished;
  private boolean shuttingDown;
  private @Nullable String shutdownMessage;

  private LoopTaskGroup(FutureHost host, String name) {
    this.host = host;
    this.name = name;
    this.completion = Combinators.cancelOnClose(new Completion(host, this));
    this.scope = LoopScope.forGroup(host, this);
  }

  /**
   * Opens a group on {@code loop}, nested in the group or deadline whose code runs now (if any).
   * Named {@code loop-task-group-N}.
   *
   * @throws NullPointerException if {@code loop} is null
   * @throws RejectedExecutionException if the loop is closed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static LoopTaskGroup open(EventLoop loop) {
    return open(loop, "loop-task-group-" + NUMBER.incrementAndGet());
  }

  /**
   * Opens a group called {@code name}; see {@link #open(EventLoop)}.
   *
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the loop is closed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public static LoopTaskGroup open(EventLoop loop, String name) {
    FutureHost host = Combinators.host(loop);
    Objects.requireNonNull(name, "name");
    host.checkThread("LoopTaskGroup.open");
    if (loop.isClosed()) {
      throw new RejectedExecutionException("cannot open a task group on " + loop + ": it is closed");
    }
    return new LoopTaskGroup(host, name);
  }

  /** The group's name. */
  public String name() {
    return name;
  }

  /**
   * Makes {@code future}, of any kind, a child of this group.
   *
   * @return {@code future} itself if it is a loop future of this loop, else a view of it on this
   *     loop ({@link LoopFutures#adopt}: cancelling it cancels {@code future})
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalStateException if the group has completed; {@code future} is cancelled first
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public <T extends @Nullable Object> LoopFuture<T> adopt(AsyncFuture<T> future) {
    return adoptChild(null, future);
  }

  /**
   * {@link #adopt(AsyncFuture)} for a child called {@code name}, which the messages name.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the group has completed; {@code future} is cancelled first
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public <T extends @Nullable Object> LoopFuture<T> adopt(String name, AsyncFuture<T> future) {
    Objects.requireNonNull(name, "name");
    return adoptChild(name, future);
  }

  /**
   * Starts a child: {@code starter} runs later on the loop thread, inside this group, and the
   * future it returns is the child; what it throws fails the child (a {@link
   * CancellationException} cancels it). Asyncio's {@code create_task}.
   *
   * @return a loop future that completes like the started future; cancelling it before the
   *     starter ran keeps the starter from running, afterwards it cancels the started future.
   *     Already cancelled, the starter never run, if the group is shutting down
   * @throws NullPointerException if {@code starter} is null
   * @throws IllegalStateException if the group has completed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public <T extends @Nullable Object> LoopFuture<T> start(
      Callable<? extends AsyncFuture<T>> starter) {
    return startChild(null, starter);
  }

  /**
   * {@link #start(Callable)} for a child called {@code name}, which the messages name.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the group has completed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public <T extends @Nullable Object> LoopFuture<T> start(
      String name, Callable<? extends AsyncFuture<T>> starter) {
    Objects.requireNonNull(name, "name");
    return startChild(name, starter);
  }

  /**
   * Shuts the group down: every child not done is cancelled with {@code message}, so is work
   * added later, and the completion succeeds once the children are done, unless one failed. The
   * first shutdown wins (a child's failure, an enclosing cancellation, a cancel).
   *
   * @param message the cancel message the children get, or null for none
   * @return true if this call shut the group down; false if it was shutting down or completed
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public boolean cancel(@Nullable String message) {
    host.checkThread("LoopTaskGroup.cancel");
    if (finished) {
      return false;
    }
    return scope.cancel(new LoopScope.Cancellation(scope, message));
  }

  /**
   * Ends the group's opening phase and returns its completion: a loop future of this loop that
   * completes once every child is done, as the class documentation says. Children may still add
   * children until then. Calling it again returns the same future.
   *
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  public LoopFuture<@Nullable Void> close() {
    host.checkThread("LoopTaskGroup.close");
    if (!closing) {
      closing = true;
      finishIfDone();
    }
    return completion;
  }

  private <T extends @Nullable Object> LoopFuture<T> adoptChild(
      @Nullable String childName, AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    host.checkThread("LoopTaskGroup.adopt");
    if (finished) {
      String refusal = refusal();
      if (Combinators.isOfLoop(future, host.eventLoop())) {
        future.cancel(refusal);
      } else {
        LoopThreads.cancelUnlessDone(future, refusal);
      }
      throw new IllegalStateException(refusal);
    }
    LoopFuture<T> view = LoopFutures.adopt(host.eventLoop(), future);
    if (view != future) {
      view.addDoneCallback(Combinators::markRetrieved); // the group reports the source's failure
    }
    Child child = register(childName, future);
    LoopScope.whenDone(host, future, done -> settled(child, done));
    LoopScope.Cancellation why = scope.cancellation();
    if (why != null) {
      LoopScope.cancelChild(future, why); // work added while shutting down is cancelled, not lost
    }
    return view;
  }

  private <T extends @Nullable Object> LoopFuture<T> startChild(
      @Nullable String childName, Callable<? extends AsyncFuture<T>> starter) {
    Objects.requireNonNull(starter, "starter");
    host.checkThread("LoopTaskGroup.start");
    if (finished) {
      throw new IllegalStateException(refusal());
    }
    Started<T> started = Combinators.cancelOnClose(new Started<>(host));
    if (shuttingDown) {
      started.cancel(shutdownMessage);
      return started;
    }
    started.addDoneCallback(Combinators::markRetrieved); // the group reports the failure
    Child child = register(childName, started);
    host.eventLoop().callSoon(() -> runStarter(child, started, starter));
    return started;
  }

  private <T extends @Nullable Object> void runStarter(
      Child child, Started<T> started, Callable<? extends AsyncFuture<T>> starter) {
    assert host.inLoopThread();
    if (started.isDone()) {
      settled(child, started); // cancelled before it ran: the starter never runs
      return;
    }
    AsyncFuture<T> inner;
    try {
      inner = Objects.requireNonNull(scope.runInside(starter), "the starter returned null, not a future");
    } catch (Throwable thrown) {
      if (thrown instanceof CancellationException cancelled) {
        started.cancel(cancelled.getMessage());
      } else {
        started.fail(thrown);
      }
      settled(child, started);
      return;
    }
    started.inner = inner;
    child.source = inner;
    LoopScope.whenDone(
        host,
        inner,
        done -> {
          started.copyFrom(done);
          settled(child, done);
        });
  }

  private Child register(@Nullable String childName, AsyncFuture<?> source) {
    int number = ++numbered;
    Child child = new Child(childName == null ? "#" + number : "'" + childName + "'", source);
    children.add(child);
    pending++;
    return child;
  }

  private String refusal() {
    return this + " has completed and accepts no new children; open another group";
  }

  /**
   * A child is done (loop thread); {@code decisive} is the future whose outcome it had, or null
   * if that can never complete (its loop closed), which counts as cancelled.
   */
  private void settled(Child child, @Nullable AsyncFuture<?> decisive) {
    assert host.inLoopThread();
    if (!children.remove(child)) {
      return;
    }
    pending--;
    Throwable failure = decisive == null ? null : failureOf(decisive);
    if (failure != null && !containsSame(failure)) {
      failures.add(failure);
      if (failures.size() == 1) {
        scope.cancel(
            new LoopScope.Cancellation(
                scope,
                "cancelled by " + name + " because its child " + child.label + " failed: " + failure));
      }
    }
    finishIfDone();
  }

  private static @Nullable Throwable failureOf(AsyncFuture<?> done) {
    if (LoopScope.endedCancelled(done)) {
      return null;
    }
    Throwable failure = done.exception();
    return failure == null ? null : Failures.unwrap(failure);
  }

  private boolean containsSame(Throwable failure) {
    for (Throwable t : failures) {
      if (t == failure) {
        return true;
      }
    }
    return false;
  }

  /** The scope was cancelled, by this group or an enclosing scope: cancel every child. */
  void onScopeCancelled(LoopScope.Cancellation why) {
    shuttingDown = true;
    shutdownMessage = why.message();
    for (Child child : new ArrayList<>(children)) {
      LoopScope.cancelChild(child.source, why);
    }
  }

  /** A group or deadline opened inside this group has completed. */
  void onNestedScopeExited() {
    finishIfDone();
  }

  private void finishIfDone() {
    if (!closing || pending > 0 || finished || scope.hasOpenChildren()) {
      return;
    }
    finished = true;
    scope.exit();
    if (completion.isDone()) {
      /* Its consumer cancelled it; nobody will read the children's failures: report them. */
      for (Throwable failure : failures) {
        host.report(
            LoopErrorContext.of(
                name + ": a child failed after the group's completion was cancelled",
                failure,
                completion));
      }
      return;
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0);
      for (int i = 1; i < failures.size(); i++) {
        first.addSuppressed(failures.get(i));
      }
      completion.fail(first);
      return;
    }
    LoopScope.Cancellation why = scope.cancellation();
    if (why != null && why.origin() != scope) {
      completion.cancelFromScope(why.message()); // the enclosing cancellation is not swallowed
    } else {
      completion.setResult(null);
    }
  }

  /**
   * {@code LoopTaskGroup[name, open, 2 pending]}, {@code closing}, {@code shutting down} or
   * {@code completed}; never the children's values.
   */
  @Override
  public String toString() {
    String state =
        finished ? "completed" : shuttingDown ? "shutting down" : closing ? "closing" : "open";
    return "LoopTaskGroup[" + name + ", " + state + (finished ? "" : ", " + pending + " pending") + "]";
  }

  /** One child: its label for messages, and the future that decides it and is cancelled. */
  private static final class Child {
    final String label;
    AsyncFuture<?> source;

    Child(String label, AsyncFuture<?> source) {
      this.label = label;
      this.source = source;
    }
  }

  /** The group's completion; cancelling it shuts the group down. */
  private static final class Completion extends LoopScope.ScopeFuture<@Nullable Void> {
    private final LoopTaskGroup group;

    Completion(FutureHost host, LoopTaskGroup group) {
      super(host);
      this.group = group;
    }

    @Override
    LoopScope scope() {
      return group.scope;
    }
  }

  /** The loop future {@link #start} returns: the started future's outcome, once it has one. */
  private static final class Started<T extends @Nullable Object> extends DefaultLoopFuture<T> {
    @Nullable AsyncFuture<T> inner;

    Started(FutureHost host) {
      super(host);
    }

    @SuppressWarnings("unchecked")
    void copyFrom(@Nullable AsyncFuture<?> done) {
      if (isDone()) {
        if (done != null) {
          Combinators.markRetrieved(done);
        }
        return;
      }
      if (done == null) {
        cancel(DefaultEventLoop.CLOSED_MESSAGE);
        return;
      }
      AdoptedFuture.copyOutcome((AsyncFuture<T>) done, this);
    }

    @Override
    void onCancelled(@Nullable String message) {
      AsyncFuture<T> started = inner;
      if (started != null && !started.isDone()) {
        LoopThreads.cancelUnlessDone(started, message);
      }
    }
  }
}
