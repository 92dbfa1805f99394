package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.api.WrongThreadException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An event loop that lives on a {@link LoopHost}'s thread; see {@link EventLoops#hosted}.
 *
 * <h2>Data structures and who touches them</h2>
 *
 * <ul>
 *   <li>{@link #ready}, {@link #timers}, the wake-up timer and the owned set: loop-confined (the
 *       host thread while the loop runs, any one thread once it stopped). {@code callSoon} and
 *       done callbacks go to {@link #ready}; {@code callSoon} from a callback costs one ring slot
 *       and nothing on the host.
 *   <li>{@link #inbox}: a concurrent queue for {@code callSoonThreadsafe}, timers from other
 *       threads and the requests of other threads (stop, close registration, reports).
 *   <li>One host task, {@link #drainTask}, runs a batch: the inbox, the due timers, then what was
 *       ready when the batch began. {@link #drainRequested} says whether it is already queued on
 *       the host, so a burst of submissions costs the host one task.
 * </ul>
 *
 * <h2>No lost wake-up</h2>
 *
 * A producer adds to the inbox and then tries to set {@code drainRequested} (compare-and-set); a
 * drain clears it (volatile store) before it reads the inbox. Either the drain sees the work, or
 * the producer's compare-and-set succeeds and it queues another drain on the host.
 *
 * <h2>States</h2>
 *
 * {@code RUNNING} from creation, {@code STOPPED} once {@link #stop()} took effect on the host
 * thread, {@code CLOSED} for good. Only the host thread moves RUNNING to STOPPED; close moves
 * either to CLOSED with a compare-and-set. A host task that finds the loop not running does
 * nothing, so once stopped no host task touches loop-confined state.
 */
final class HostedEventLoop implements EventLoop, FutureHost {
  private static final int RUNNING = 0;
  private static final int STOPPED = 1;
  private static final int CLOSED = 2;

  private static final VarHandle STATE;
  private static final VarHandle DRAIN_REQUESTED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(HostedEventLoop.class, "state", int.class);
      DRAIN_REQUESTED =
          lookup.findVarHandle(HostedEventLoop.class, "drainRequested", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LoopHost host;
  private final LoopClock clock = LoopClock.system();
  private final LoopExceptionHandler exceptionHandler;
  private final boolean debug;
  private final long slowCallbackNanos;

  /** What the loop captures at every registration point; the one place it is kept. */
  private final ContextPropagator propagator;
  /** The context of the current batch's callbacks, with propagation on. */
  private final BatchContext batchContext = new BatchContext();

  private volatile int state = RUNNING;
  private volatile boolean drainRequested;

  /** The thread that last ran a batch, for messages; the host thread. */
  private volatile @Nullable Thread hostThread;

  private final ConcurrentLinkedQueue<LoopHandle> inbox = new ConcurrentLinkedQueue<>();
  private final Runnable drainTask = this::drain;
  private final Runnable wakeTask = this::wake;

  // loop-confined
  private final ReadyQueue ready = new ReadyQueue();
  private final TimerHeap timers = new TimerHeap();
  private boolean draining;
  private boolean stopping;
  private LoopHost.@Nullable Scheduled wakeUp;
  private long wakeUpDeadline;
  private @Nullable Thread markedThread;
  private RunningLoop.@Nullable Scope marker;

  private final OwnedFutures owned = new OwnedFutures();
  private final CloseActions closeActions = new CloseActions();

  /** Notified when the loop detaches from its host; see {@link #stopAndAwaitDetached()}. */
  private final Object detached = new Object();

  HostedEventLoop(
      LoopHost host,
      LoopExceptionHandler exceptionHandler,
      boolean debug,
      Duration slowCallbackThreshold,
      ContextPropagator propagator) {
    this.host = Objects.requireNonNull(host, "host");
    this.propagator = propagator;
    this.exceptionHandler = exceptionHandler;
    this.debug = debug;
    this.slowCallbackNanos = slowCallbackThreshold.toNanos();
    requestDrain(); // the first batch marks the host thread for the deadlock guard
  }

  // ---- threads ----

  @Override
  public boolean inLoopThread() {
    return state == RUNNING && host.inHostThread();
  }

  /** The host thread while the loop runs; any one thread once it stopped. For asserts. */
  private boolean ownsLoopState() {
    return state != RUNNING || host.inHostThread();
  }

  @Override
  public EventLoop eventLoop() {
    return this;
  }

  @Override
  public boolean debug() {
    return debug;
  }

  @Override
  public ContextPropagator contextPropagator() {
    return propagator;
  }

  /** The caller's context for a callback it registers now; null on a loop without propagation. */
  private @Nullable ContextSnapshot registrationContext() {
    ContextPropagator p = propagator;
    return p == ContextPropagator.none() ? null : p.capture();
  }

  @Override
  public boolean isRunning() {
    return state == RUNNING;
  }

  @Override
  public boolean isClosed() {
    return state == CLOSED;
  }

  @Override
  public void checkThread(String operation) {
    if (state == RUNNING && !host.inHostThread()) {
      throw new WrongThreadException(
          operation
              + "() called from thread '"
              + Thread.currentThread().getName()
              + "' while the event loop runs on "
              + hostDescription()
              + "; hand the work to the loop with loop.callSoonThreadsafe(...) instead");
    }
  }

  private String hostDescription() {
    Thread t = hostThread;
    return t == null ? "its host " + host : "thread '" + t.getName() + "' of its host " + host;
  }

  private void checkOpen() {
    if (state == CLOSED) {
      throw new RejectedExecutionException("event loop is closed");
    }
  }

  // ---- scheduling ----

  @Override
  public Handle callSoon(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkThread("callSoon");
    checkOpen();
    LoopHandle h = new LoopHandle(callback, registrationContext());
    ready.add(h);
    try {
      requestDrainFromLoop();
    } catch (RejectedExecutionException hostGone) {
      h.cancel();
      throw hostGone;
    }
    return h;
  }

  @Override
  public Handle callSoonThreadsafe(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkOpen();
    LoopHandle h = new LoopHandle(callback, registrationContext());
    offer(h);
    return h;
  }

  @Override
  public void execute(Runnable command) {
    callSoonThreadsafe(command);
  }

  @Override
  public Handle callLater(Duration delay, Runnable callback) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(callback, "callback");
    return callAt(TimerHandle.deadlineAfter(clock.nanoTime(), delay), callback);
  }

  @Override
  public Handle callAt(long deadlineNanos, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkOpen();
    TimerHandle t = new TimerHandle(deadlineNanos, callback, registrationContext());
    if (inLoopThread()) {
      timers.add(t);
      if (!draining) {
        armWakeUp();
      }
    } else {
      offer(t);
    }
    return t;
  }

  @Override
  public long time() {
    return clock.nanoTime();
  }

  /** Adds to the inbox from any thread and makes sure a batch will take it in. */
  private void offer(LoopHandle h) {
    inbox.add(h);
    if (state == CLOSED) {
      // close() may have emptied the inbox before h arrived: make sure it never runs
      if (h.cancel() || h.isCancelled()) {
        throw new RejectedExecutionException("event loop is closed");
      }
    }
    if (state != RUNNING) {
      return; // a stopped loop runs nothing: close() drops it
    }
    try {
      requestDrain();
    } catch (RejectedExecutionException hostGone) {
      if (h.cancel()) {
        throw hostGone;
      }
    }
  }

  /** Queues the batch task on the host unless it is queued already; any thread. */
  private void requestDrain() {
    if (!drainRequested && DRAIN_REQUESTED.compareAndSet(this, false, true)) {
      try {
        host.execute(drainTask);
      } catch (RuntimeException rejected) {
        drainRequested = false;
        throw rejected;
      }
    }
  }

  /** On the loop thread: a running batch takes new work itself, else one is requested. */
  private void requestDrainFromLoop() {
    if (!draining && state == RUNNING) {
      requestDrain();
    }
  }

  @Override
  public ContextSnapshot.@Nullable Scope enterCallbackContext(ContextSnapshot snapshot) {
    return batchContext.enter(snapshot);
  }

  @Override
  public void enqueueDoneCallback(DefaultLoopFuture<?> future, Object callback) {
    assert ownsLoopState();
    if (state == CLOSED) {
      return;
    }
    ready.add(future, callback);
    try {
      requestDrainFromLoop();
    } catch (RejectedExecutionException hostGone) {
      // a host that runs no more tasks runs no callback, as a closed loop
    }
  }

  // ---- the host task ----

  /** One batch on the host thread: the inbox, the due timers, then what was ready. */
  private void drain() {
    drainRequested = false;
    if (state != RUNNING) {
      return; // stopped or closed: what is queued waits for close()
    }
    assert host.inHostThread() : "the host ran the loop's task on another thread";
    Thread me = Thread.currentThread();
    if (hostThread != me) {
      hostThread = me;
    }
    markHostThread(me);
    draining = true;
    try {
      takeInbox();
      long now = clock.nanoTime();
      TimerHandle t;
      while ((t = timers.peek()) != null && t.deadline - now <= 0) {
        timers.poll();
        if (t.pendingCallback() != null) {
          ready.add(t);
        }
      }
      for (int n = ready.size(); n > 0; n--) {
        Object e = ready.poll();
        if (e == null) {
          break; // a callback closed the loop
        }
        if (e instanceof DefaultLoopFuture<?> future) {
          n--;
          runDoneCallback(future, ready.poll());
        } else {
          runHandle((LoopHandle) e);
        }
      }
    } finally {
      batchContext.end(); // the host thread gets back what it had before the batch's callbacks
      draining = false;
    }
    if (state != RUNNING) {
      return;
    }
    if (stopping) {
      stopping = false;
      detach();
      return;
    }
    armWakeUp();
    if (!ready.isEmpty() || !inbox.isEmpty()) {
      try {
        requestDrain(); // a new host task, so the host's own work gets its turn in between
      } catch (RejectedExecutionException hostGone) {
        // the host ends: nothing more runs
      }
    }
  }

  /**
   * Marks the host thread as running this loop ({@link RunningLoop}) from the first batch until
   * the loop stops or closes there, so the deadlock guard also covers the host's own code.
   */
  private void markHostThread(Thread me) {
    if (RunningLoop.current() != this) {
      marker = RunningLoop.enter(this);
      markedThread = me;
    }
  }

  private void unmarkHostThread() {
    RunningLoop.Scope m = marker;
    if (m != null && markedThread == Thread.currentThread() && RunningLoop.current() == this) {
      m.close();
    }
    marker = null;
    markedThread = null;
  }

  private void takeInbox() {
    assert ownsLoopState();
    LoopHandle h;
    while ((h = inbox.poll()) != null) {
      if (h instanceof TimerHandle t) {
        if (t.pendingCallback() != null) {
          timers.add(t);
        }
      } else {
        ready.add(h);
      }
    }
  }

  /** Makes sure the host wakes the loop by the first live timer's deadline; loop thread. */
  private void armWakeUp() {
    assert inLoopThread();
    TimerHandle next;
    while ((next = timers.peek()) != null && next.pendingCallback() == null) {
      timers.poll();
    }
    if (next == null) {
      return; // a wake-up already asked for fires harmlessly
    }
    LoopHost.Scheduled current = wakeUp;
    if (current != null && wakeUpDeadline - next.deadline <= 0) {
      return;
    }
    if (current != null) {
      current.cancel();
    }
    wakeUpDeadline = next.deadline;
    try {
      wakeUp = host.schedule(wakeTask, Math.max(0, next.deadline - clock.nanoTime()));
    } catch (RejectedExecutionException hostGone) {
      wakeUp = null; // the host ends: no timer runs any more
    }
  }

  private void wake() {
    if (state != RUNNING) {
      return;
    }
    wakeUp = null;
    drain();
  }

  private void runHandle(LoopHandle h) {
    Runnable callback = h.claim();
    if (callback == null) {
      return;
    }
    long start = debug ? clock.nanoTime() : 0;
    h.runClaimed(callback, this);
    if (debug) {
      reportIfSlow(start, callback.toString());
    }
  }

  /** Runs what a completed future queued: one done callback, or a list of them in order. */
  private void runDoneCallback(DefaultLoopFuture<?> future, @Nullable Object queued) {
    if (queued instanceof CallbackList list) {
      for (int i = 0, n = list.size(); i < n; i++) {
        if (state == CLOSED) {
          return; // a callback closed the loop: the rest is dropped, as queued ones are
        }
        runOneDoneCallback(future, list.get(i));
      }
    } else {
      runOneDoneCallback(future, queued);
    }
  }

  private void runOneDoneCallback(DefaultLoopFuture<?> future, @Nullable Object callback) {
    long start = debug ? clock.nanoTime() : 0;
    try {
      DefaultLoopFuture.runDoneCallback(callback, future);
    } catch (Throwable failure) {
      report(
          LoopErrorContext.callbackFailed("done callback", failure, future, callback));
    }
    if (debug) {
      reportIfSlow(start, "done callback " + callback + " of " + future);
    }
  }

  private void reportIfSlow(long start, String what) {
    long took = clock.nanoTime() - start;
    if (took >= slowCallbackNanos) {
      report(
          LoopErrorContext.slowCallback(what, took));
    }
  }

  /** Hands a report to the exception handler, on the calling thread. */
  @Override
  public void report(LoopErrorContext context) {
    try {
      exceptionHandler.handle(this, context);
    } catch (Throwable handlerFailure) {
      LoggingExceptionHandler.LOGGER.log(
          System.Logger.Level.ERROR,
          "the event loop's exception handler failed while handling: " + context,
          handlerFailure);
    }
  }

  @Override
  public void reportUnretrieved(LoopErrorContext context, ContextSnapshot creationContext) {
    Runnable inCreationContext =
        () -> {
          try (ContextSnapshot.Scope ignored = creationContext.open()) {
            report(context);
          }
        };
    if (state == RUNNING) {
      try {
        offer(new LoopHandle(inCreationContext));
        return;
      } catch (RejectedExecutionException closedMeanwhile) {
        // fall through: report here
      }
    }
    inCreationContext.run();
  }

  // ---- futures ----

  @Override
  public <T extends @Nullable Object> LoopFuture<T> createFuture() {
    return new DefaultLoopFuture<>(this);
  }

  @Override
  public <T extends @Nullable Object> LoopFuture<T> runInExecutor(
      Executor executor, Callable<? extends T> task) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(task, "task");
    checkOpen();
    return ExecutorTask.submit(this, executor, task);
  }

  @Override
  public void registerOwned(DefaultLoopFuture<?> future) {
    if (ownsLoopState()) {
      registerOwnedHere(future);
      return;
    }
    try {
      offer(new LoopHandle(new OwnedRegistration(future)));
    } catch (RejectedExecutionException closedMeanwhile) {
      if (!future.isDone()) {
        future.cancel(DefaultEventLoop.CLOSED_MESSAGE);
      }
    }
  }

  private void registerOwnedHere(DefaultLoopFuture<?> future) {
    assert ownsLoopState();
    if (future.isDone()) {
      return;
    }
    if (state == CLOSED) {
      future.cancel(DefaultEventLoop.CLOSED_MESSAGE);
      return;
    }
    owned.add(future);
  }

  private final class OwnedRegistration implements DefaultEventLoop.ClosingTask {
    private final DefaultLoopFuture<?> future;

    OwnedRegistration(DefaultLoopFuture<?> future) {
      this.future = future;
    }

    @Override
    public void run() {
      registerOwnedHere(future);
    }

    @Override
    public void loopClosed() {
      if (!future.isDone()) {
        future.cancel(DefaultEventLoop.CLOSED_MESSAGE);
      }
    }
  }

  // ---- running: the host owns the thread ----

  @Override
  public <T extends @Nullable Object> T runUntilComplete(AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    throw cannotRun("runUntilComplete");
  }

  @Override
  public void runForever() {
    throw cannotRun("runForever");
  }

  private IllegalStateException cannotRun(String operation) {
    return new IllegalStateException(
        operation
            + "() cannot run a hosted event loop: it runs on "
            + hostDescription()
            + ", which owns the thread. Complete futures with done callbacks or loop"
            + " combinators instead, or create an own loop with EventLoops.newEventLoop()");
  }

  @Override
  public void stop() {
    if (state != RUNNING) {
      return;
    }
    if (host.inHostThread()) {
      if (draining) {
        stopping = true; // the rest of this batch runs first
      } else {
        detach();
      }
      return;
    }
    try {
      offer(
          new LoopHandle(
              (Runnable)
                  () -> {
                    stopping = true;
                  }));
    } catch (RejectedExecutionException closedOrHostGone) {
      // a closed loop is not running; a host that ends runs nothing any more
    }
  }

  /** RUNNING to STOPPED, on the host thread; wakes a {@link #close()} waiting for it. */
  private void detach() {
    assert host.inHostThread();
    unmarkHostThread();
    cancelWakeUp();
    STATE.compareAndSet(this, RUNNING, STOPPED);
    synchronized (detached) {
      detached.notifyAll();
    }
  }

  /**
   * Stops the loop from another thread and waits until the host has detached it (after its
   * current batch), or until the host ended. Rechecks every 50 ms for a host that ends without
   * running the request. Keeps an interrupt for the caller.
   */
  private void stopAndAwaitDetached() {
    stop();
    boolean interrupted = false;
    synchronized (detached) {
      while (state == RUNNING && !host.isTerminated()) {
        try {
          detached.wait(50);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void cancelWakeUp() {
    LoopHost.Scheduled w = wakeUp;
    if (w != null) {
      wakeUp = null;
      w.cancel();
    }
  }

  // ---- closing ----

  @Override
  public void close() {
    if (state == RUNNING && !host.inHostThread()) {
      stopAndAwaitDetached();
    }
    while (true) {
      int s = state;
      if (s == CLOSED) {
        return;
      }
      if (s == RUNNING && host.inHostThread()) {
        unmarkHostThread();
        cancelWakeUp();
      }
      /* RUNNING here on another thread only if the host ended: it runs nothing any more. */
      if (STATE.compareAndSet(this, s, CLOSED)) {
        break;
      }
    }
    List<DefaultEventLoop.ClosingTask> closingTasks = new ArrayList<>();
    LoopHandle h;
    while ((h = inbox.poll()) != null) {
      cancelQueued(h, closingTasks);
    }
    Object e;
    while ((e = ready.poll()) != null) {
      if (e instanceof DefaultLoopFuture) {
        ready.poll(); // its done callback: dropped
      } else {
        cancelQueued((LoopHandle) e, closingTasks);
      }
    }
    TimerHandle t;
    while ((t = timers.poll()) != null) {
      t.cancel();
    }
    if (host.inHostThread()) {
      cancelWakeUp(); // a stopped loop closed on the host thread
    }
    wakeUp = null;
    for (DefaultEventLoop.ClosingTask task : closingTasks) {
      task.loopClosed();
    }
    closeActions.cancelOwnedThenRunActions(owned, this::runCloseAction);
  }

  @Override
  public Handle onClose(Runnable action) {
    return closeActions.onClose(action, this::runCloseAction);
  }

  private void runCloseAction(Runnable action) {
    CloseActions.runReported(action, this::report);
  }

  private static void cancelQueued(LoopHandle h, List<DefaultEventLoop.ClosingTask> closingTasks) {
    Object callback = h.pendingCallback();
    if (h.cancel() && callback instanceof DefaultEventLoop.ClosingTask task) {
      closingTasks.add(task);
    }
  }

  @Override
  public String toString() {
    int s = state;
    String status = s == CLOSED ? "CLOSED" : s == STOPPED ? "STOPPED" : "RUNNING";
    return "HostedEventLoop@"
        + Integer.toHexString(System.identityHashCode(this))
        + "["
        + status
        + " on "
        + host
        + "]";
  }
}
