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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The event loop.
 *
 * <h2>Data structures and who touches them</h2>
 *
 * <ul>
 *   <li>{@link #ready}: an unsynchronized ring, loop thread only (or the set-up thread while the
 *       loop is not running). {@code callSoon} and done callbacks go here: no lock, no atomic
 *       read-modify-write.
 *   <li>The inbox ({@link #inboxHead}, {@link #inboxTail}): a Vyukov multi-producer
 *       single-consumer linked queue whose nodes are the {@link LoopHandle}s themselves. A
 *       producer swaps the tail (one atomic exchange) and links the previous node with a
 *       release store; the loop drains it into {@link #ready} once per iteration.
 *   <li>{@link #timers}: a binary heap, loop thread only; timers from other threads come in
 *       through the inbox.
 *   <li>{@link #closeActions}: the {@link #onClose} actions, under their own lock; touched only
 *       by {@code onClose}, a handle's cancel and {@code close()}, never per callback.
 * </ul>
 *
 * <p>Loop-only internals open with {@code assert ownsLoopState();}: the loop thread, or the one
 * set-up (or closing) thread while the loop is not running.
 *
 * <p>It is also the {@link FutureHost} of its own futures, directly: scheduling a done callback
 * is two ring slots, owning a combinator's future three stores ({@link OwnedFutures}).
 *
 * <h2>Sleeping without lost wake-ups</h2>
 *
 * Before parking, the loop stores {@code sleeping = true} (volatile) and then re-checks the
 * inbox, the stop flag and, for a manual clock, whether a timer became due. A producer first
 * publishes its work (the tail exchange, or a volatile clock write) and then reads {@code
 * sleeping}. Both sides store then load volatile variables, so at least one sees the other:
 * either the loop sees the work and does not park, or the producer sees {@code sleeping} and
 * unparks the loop. Producers never unpark a loop that is busy.
 *
 * <h2>Operating it</h2>
 *
 * Per callback the loop does two stores for the {@link Watchdog} and the health counters: an
 * opaque store of {@link #callbacksRun} and a plain store of {@link #current}; no atomic
 * read-modify-write, no allocation, no clock read. The other operational state is written by the
 * loop thread in plain fields and read racily by {@link #health()}: see {@link LoopHealth}. The
 * exception handler is a volatile field, so a handler set from any thread gets every report
 * made after the set. A graceful shutdown ({@link GracefulShutdown}) turns on {@link #draining}:
 * other threads' submissions are refused, and the run loop stops once nothing is left to do
 * before the drain's deadline.
 */
final class DefaultEventLoop implements EventLoop, FutureHost {
  static final String CLOSED_MESSAGE = "event loop closed";

  private static final VarHandle OWNER;
  private static final VarHandle SLEEPING;
  private static final VarHandle INBOX_TAIL;
  private static final VarHandle CALLBACKS_RUN;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      OWNER = lookup.findVarHandle(DefaultEventLoop.class, "owner", Thread.class);
      SLEEPING = lookup.findVarHandle(DefaultEventLoop.class, "sleeping", boolean.class);
      INBOX_TAIL = lookup.findVarHandle(DefaultEventLoop.class, "inboxTail", LoopHandle.class);
      CALLBACKS_RUN = lookup.findVarHandle(DefaultEventLoop.class, "callbacksRun", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final LoopClock clock;
  final boolean debug;

  /**
   * What the loop captures at every registration point; {@link ContextPropagator#none()} for a
   * loop without propagation, which then wraps nothing. The one place it is kept: the futures and
   * the wrappers ask for it here.
   */
  private final ContextPropagator propagator;
  /** The context of the current batch's callbacks, with propagation on. */
  private final BatchContext batchContext = new BatchContext();

  /**
   * The snapshot {@link #captureContext()} made or reused last on the loop thread in this turn;
   * dropped at the end of every turn, so it keeps no context alive longer than the turn that
   * captured it. Loop thread only.
   */
  private @Nullable ContextSnapshot turnContext;

  private volatile LoopExceptionHandler exceptionHandler;
  private final long slowCallbackNanos;

  /** The watchdog's view of this loop; null when the watchdog is off. */
  private final Watchdog.@Nullable Entry watchdog;

  /**
   * Callbacks started, done callbacks included: written by the loop thread with an opaque store
   * (no fence), read by the watchdog and {@link #health()} with an opaque load.
   */
  @SuppressWarnings("unused") // accessed through CALLBACKS_RUN
  private long callbacksRun;

  /** The callback running now, or the last one until the loop idles; plain, read racily. */
  private @Nullable Object current;

  /** Debug mode: callbacks that ran for at least the slow-callback threshold; loop thread. */
  private long slowCallbacks;

  /** Loop lag: from {@code callSoonThreadsafe} to the callback starting, sampled. */
  private final LagWindow lag;

  /** Debug mode: every future created on this loop, by creation order; null otherwise. */
  private final @Nullable DebugRegistry debugRegistry;

  /** Set by a graceful shutdown: other threads' submissions are refused. */
  private volatile boolean draining;

  /** The deadline of the drain, on {@link #clock}; loop-confined. */
  private long drainDeadline;

  /** Whether a run stopped because the drain's deadline passed; loop-confined. */
  private boolean drainTimedOut;

  /** The sequence number of the first timer scheduled during the drain; loop-confined. */
  private long drainFirstTimer;

  /** The thread running the loop, null while it is not running. */
  private volatile @Nullable Thread owner;

  private volatile boolean closed;
  private volatile boolean sleeping;

  /** Odd while a run is in progress; changes at the start and end of every run. */
  private volatile int runGeneration;

  private LoopHandle inboxHead; // consumer side, loop thread only
  private volatile LoopHandle inboxTail;

  private final ReadyQueue ready = new ReadyQueue();
  private final TimerHeap timers = new TimerHeap();
  private boolean stopping;
  private boolean interruptedWhileIdle;

  private final OwnedFutures owned = new OwnedFutures();
  private final CloseActions closeActions = new CloseActions();

  DefaultEventLoop(
      LoopClock clock,
      LoopExceptionHandler exceptionHandler,
      boolean debug,
      Duration slowCallbackThreshold,
      @Nullable Duration blockedThreshold,
      int lagSamplePeriod,
      ContextPropagator propagator) {
    this.clock = clock;
    this.propagator = propagator;
    this.exceptionHandler = exceptionHandler;
    this.debug = debug;
    this.slowCallbackNanos = slowCallbackThreshold.toNanos();
    this.lag = new LagWindow(lagSamplePeriod);
    this.debugRegistry = debug ? new DebugRegistry() : null;
    LoopHandle stub = new LoopHandle(LoopHandle.CLAIMED);
    this.inboxHead = stub;
    this.inboxTail = stub;
    if (clock instanceof ManualClock) {
      ((ManualClock) clock).attach(this);
    }
    this.watchdog = blockedThreshold == null ? null : Watchdog.register(this, blockedThreshold);
  }

  // ---- threads ----

  @Override
  public boolean inLoopThread() {
    return owner == Thread.currentThread();
  }

  /**
   * Whether the calling thread may touch loop-confined state: the loop thread, or any one
   * thread while the loop is not running (set-up, or close()). For {@code assert}s.
   */
  private boolean ownsLoopState() {
    Thread o = owner;
    return o == null || o == Thread.currentThread();
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
    return propagator == ContextPropagator.none() ? null : captureContext();
  }

  /**
   * {@inheritDoc} On the loop thread, the snapshot captured last in this turn when the thread
   * still holds the same values ({@link ContextPropagator#captureReusing}): a burst of futures
   * and callbacks made in one context (one request's work) keeps one snapshot between them.
   */
  @Override
  public ContextSnapshot captureContext() {
    ContextPropagator p = propagator;
    if (owner != Thread.currentThread()) {
      return p.capture();
    }
    ContextSnapshot last = turnContext;
    if (last == null) {
      return turnContext = p.capture();
    }
    ContextSnapshot now = p.captureReusing(last);
    if (now != last) {
      turnContext = now; // only when it changed: storing a new object in the long-lived loop
    } //                    costs the collector's write barrier, a fence, every time
    return now;
  }

  @Override
  public boolean isRunning() {
    return owner != null;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Fails fast if a foreign thread mutates loop-confined state while the loop runs. */
  @Override
  public void checkThread(String operation) {
    Thread o = owner;
    if (o != null && o != Thread.currentThread()) {
      throw wrongThread(operation, o);
    }
  }

  private static WrongThreadException wrongThread(String operation, Thread loopThread) {
    return new WrongThreadException(
        operation
            + "() called from thread '"
            + Thread.currentThread().getName()
            + "' while the event loop runs on thread '"
            + loopThread.getName()
            + "'; hand the work to the loop with loop.callSoonThreadsafe(...) instead");
  }

  private void checkOpen() {
    if (closed) {
      throw new RejectedExecutionException("event loop is closed");
    }
  }

  /** {@link #checkOpen()}, and during a graceful shutdown only the loop thread may submit. */
  private void checkAccepting() {
    checkOpen();
    if (draining && !inLoopThread()) {
      throw new RejectedExecutionException(
          "event loop is shutting down: it takes no more work from other threads");
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
    return h;
  }

  @Override
  public Handle callSoonThreadsafe(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkAccepting();
    ContextSnapshot context = registrationContext();
    LoopHandle h =
        lag.sampleNow()
            ? new LagWindow.Stamped(callback, context, clock.nanoTime())
            : new LoopHandle(callback, context);
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
    checkAccepting();
    TimerHandle t = new TimerHandle(deadlineNanos, callback, registrationContext());
    if (inLoopThread()) {
      timers.add(t);
    } else {
      offer(t);
    }
    return t;
  }

  @Override
  public long time() {
    return clock.nanoTime();
  }

  /** Adds to the inbox from any thread and wakes the loop if it sleeps. */
  private void offer(LoopHandle h) {
    LoopHandle previous = (LoopHandle) INBOX_TAIL.getAndSet(this, h);
    LoopHandle.NEXT.setRelease(previous, h);
    if (closed) {
      // close() may have drained the inbox before this node was linked: make sure it never runs.
      // If the loop already ran it before it closed, it was accepted: do not report it rejected
      // (found by reliability's LoopCloseRaceStressTest).
      if (h.cancel() || h.isCancelled()) {
        throw new RejectedExecutionException("event loop is closed");
      }
    }
    if (sleeping) {
      wakeUp();
    }
  }

  /** Unparks the loop if it sleeps; callable from any thread. */
  void wakeUp() {
    if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
      Thread t = owner;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Whether callbacks are queued to run on the loop thread; loop thread only. */
  boolean hasReadyWork() {
    assert ownsLoopState();
    return !ready.isEmpty();
  }

  /** Schedules a done callback of {@code future}: two ring slots, no allocation. */
  @Override
  public ContextSnapshot.@Nullable Scope enterCallbackContext(ContextSnapshot snapshot) {
    return batchContext.enter(snapshot);
  }

  @Override
  public void enqueueDoneCallback(DefaultLoopFuture<?> future, Object callback) {
    assert ownsLoopState();
    if (!closed) {
      ready.add(future, callback);
    }
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

  /**
   * Registers {@code future} as work the loop would complete, cancelled by {@link #close()}.
   * From a foreign thread while the loop runs, the registration travels through the inbox.
   */
  @Override
  public void registerOwned(DefaultLoopFuture<?> future) {
    Thread o = owner;
    if (o == null || o == Thread.currentThread()) {
      registerOwnedHere(future);
      return;
    }
    try {
      offer(new LoopHandle(new OwnedRegistration(this, future)));
    } catch (RejectedExecutionException closedMeanwhile) {
      if (!future.isDone()) {
        future.cancel(CLOSED_MESSAGE);
      }
    }
  }

  private void registerOwnedHere(DefaultLoopFuture<?> future) {
    assert ownsLoopState();
    if (future.isDone()) {
      return;
    }
    if (closed) {
      future.cancel(CLOSED_MESSAGE);
      return;
    }
    if (draining) {
      future.cancel(GracefulShutdown.MESSAGE);
      return;
    }
    owned.add(future);
  }

  /** A task that must do something even when the loop closes before it runs. */
  interface ClosingTask extends Runnable {
    /** Called by {@link #close()} instead of {@link #run()}. */
    void loopClosed();
  }

  private static final class OwnedRegistration implements ClosingTask {
    private final DefaultEventLoop loop;
    private final DefaultLoopFuture<?> future;

    OwnedRegistration(DefaultEventLoop loop, DefaultLoopFuture<?> future) {
      this.loop = loop;
      this.future = future;
    }

    @Override
    public void run() {
      loop.registerOwnedHere(future);
    }

    @Override
    public void loopClosed() {
      if (!future.isDone()) {
        future.cancel(CLOSED_MESSAGE);
      }
    }
  }

  // ---- running ----

  @Override
  public <T extends @Nullable Object> T runUntilComplete(AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    checkOpen();
    checkCanRun();
    LoopFuture<T> f = Combinators.adoptInput(this, future);
    Consumer<AsyncFuture<T>> stopper = done -> stopping = true;
    f.addDoneCallback(stopper);
    try {
      runForever();
    } finally {
      f.removeDoneCallback(stopper);
    }
    if (!f.isDone()) {
      throw new IllegalStateException("the event loop stopped before the future completed: " + f);
    }
    return f.result();
  }

  private void checkCanRun() {
    Thread o = owner;
    if (o == Thread.currentThread()) {
      throw new IllegalStateException(
          "this event loop is already running on this thread: runUntilComplete() and"
              + " runForever() cannot be called from a callback of the same loop; chain a"
              + " callback or a loop-side combinator instead");
    }
    if (o != null) {
      throw new IllegalStateException(
          "this event loop is already running on thread '" + o.getName() + "'");
    }
    EventLoop other = RunningLoop.current();
    if (other != null) {
      throw new IllegalStateException(
          "another event loop is already running on thread '"
              + Thread.currentThread().getName()
              + "': "
              + other);
    }
  }

  @Override
  public void runForever() {
    checkOpen();
    checkCanRun();
    Thread me = Thread.currentThread();
    if (!OWNER.compareAndSet(this, null, me)) {
      checkCanRun(); // lost a race with another thread: report who runs it
      throw new IllegalStateException("this event loop is already running");
    }
    runGeneration++; // odd: running (only the owner writes it)
    stopping = false;
    interruptedWhileIdle = false;
    RunningLoop.Scope scope = RunningLoop.enter(this);
    try {
      do {
        runOnce();
      } while (!stopping);
    } finally {
      scope.close();
      stopping = false;
      current = null; // a stopped loop retains no finished callback either
      runGeneration++; // even: idle
      owner = null;
      if (interruptedWhileIdle) {
        me.interrupt(); // the loop does not act on interrupts, but it keeps them
      }
    }
  }

  /** One iteration: take in the inbox, wait if idle, move due timers, run what was ready. */
  private void runOnce() {
    assert inLoopThread();
    drainInbox();
    if (draining && clock.nanoTime() - drainDeadline >= 0) {
      stopping = true; // the graceful shutdown's deadline passed
      drainTimedOut = true;
      return;
    }
    if (ready.isEmpty() && !stopping) {
      TimerHandle next = firstLiveTimer();
      if (draining && !hasDrainWork()) {
        stopping = true; // drained: see GracefulShutdown
        return;
      }
      if (next == null) {
        idle(-1);
      } else {
        long wait = next.deadline - clock.nanoTime();
        if (draining) {
          wait = Math.min(wait, drainDeadline - clock.nanoTime());
        }
        if (wait > 0) {
          idle(clock instanceof ManualClock ? -1 : wait);
        }
      }
      drainInbox();
    }
    long now = clock.nanoTime();
    TimerHandle t;
    while ((t = timers.peek()) != null && t.deadline - now <= 0) {
      timers.poll();
      if (t.pendingCallback() != null) {
        ready.add(t);
      }
    }
    try {
      for (int n = ready.size(); n > 0; n--) {
        Object e = ready.poll();
        if (e instanceof DefaultLoopFuture) {
          n--;
          runDoneCallback((DefaultLoopFuture<?>) e, ready.poll());
        } else {
          runHandle((LoopHandle) e);
        }
      }
    } finally {
      batchContext.end(); // the thread gets back what it had before the batch's callbacks
      turnContext = null;
    }
  }

  private @Nullable TimerHandle firstLiveTimer() {
    assert ownsLoopState();
    TimerHandle t;
    while ((t = timers.peek()) != null && t.pendingCallback() == null) {
      timers.poll();
    }
    return t;
  }

  /** Parks until woken, or for {@code nanos} when it is not negative. */
  private void idle(long nanos) {
    current = null; // retain no finished callback while idle
    sleeping = true;
    try {
      if (inboxIsEmpty() && !stopping && !manualTimerDue()) {
        if (nanos < 0) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, nanos);
        }
      }
    } finally {
      sleeping = false;
    }
    if (Thread.interrupted()) {
      interruptedWhileIdle = true;
    }
  }

  private boolean inboxIsEmpty() {
    LoopHandle head = inboxHead;
    return LoopHandle.NEXT.getAcquire(head) == null && inboxTail == head;
  }

  private boolean manualTimerDue() {
    if (!(clock instanceof ManualClock)) {
      return false;
    }
    TimerHandle t = timers.peek();
    return t != null && t.deadline - clock.nanoTime() <= 0;
  }

  private void drainInbox() {
    assert ownsLoopState();
    LoopHandle head = inboxHead;
    LoopHandle next;
    while ((next = (LoopHandle) LoopHandle.NEXT.getAcquire(head)) != null) {
      head = next;
      if (next instanceof TimerHandle) {
        if (next.pendingCallback() != null) {
          timers.add((TimerHandle) next);
        }
      } else {
        ready.add(next);
      }
    }
    inboxHead = head;
  }

  private void runHandle(LoopHandle h) {
    assert inLoopThread();
    Runnable callback = h.claim();
    if (callback == null) {
      return;
    }
    CALLBACKS_RUN.setOpaque(this, callbacksRun + 1);
    current = callback;
    long start = debug ? clock.nanoTime() : 0;
    if (h instanceof LagWindow.Stamped stamped) {
      lag.record(clock.nanoTime() - stamped.enqueuedAt);
    }
    h.runClaimed(callback, this);
    if (debug) {
      reportIfSlow(start, callback.toString());
    }
  }

  /** Runs what a completed future queued: one done callback, or a list of them in order. */
  private void runDoneCallback(DefaultLoopFuture<?> future, @Nullable Object queued) {
    if (queued instanceof CallbackList list) {
      for (int i = 0, n = list.size(); i < n; i++) {
        runOneDoneCallback(future, list.get(i));
      }
    } else {
      runOneDoneCallback(future, queued);
    }
  }

  private void runOneDoneCallback(DefaultLoopFuture<?> future, @Nullable Object callback) {
    assert inLoopThread();
    CALLBACKS_RUN.setOpaque(this, callbacksRun + 1);
    current = callback;
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
      slowCallbacks++;
      report(
          LoopErrorContext.slowCallback(what, took));
    }
  }

  // ---- operating ----

  LoopExceptionHandler exceptionHandler() {
    return exceptionHandler;
  }

  void setExceptionHandler(LoopExceptionHandler handler) {
    exceptionHandler = Objects.requireNonNull(handler, "handler");
  }

  /** The watchdog's registration of this loop, null with the watchdog off; for tests. */
  Watchdog.@Nullable Entry watchdogEntry() {
    return watchdog;
  }

  /** For the watchdog: the thread running the loop, or null. */
  @Nullable Thread runningThread() {
    return owner;
  }

  /** For the watchdog: whether the loop is parked waiting for work. */
  boolean isSleeping() {
    return sleeping;
  }

  /** Callbacks started so far; any thread, opaque. */
  long callbacksRun() {
    return (long) CALLBACKS_RUN.getOpaque(this);
  }

  /** The callback running now (or last); any thread, racy. */
  @Nullable Object currentCallback() {
    return current;
  }

  /** An approximate snapshot; any thread. See {@link LoopHealth}. */
  LoopHealth health() {
    Watchdog.Entry w = watchdog;
    return new LoopHealth(
        callbacksRun(),
        Math.max(0, ready.size()),
        inboxDepth(),
        Math.max(0, timers.size()),
        owned.size(),
        slowCallbacks,
        w == null ? 0 : w.blockedEpisodes(),
        lag.snapshot());
  }

  /** Counts the inbox's nodes from a racy read of its head; O(depth), capped. */
  private int inboxDepth() {
    LoopHandle node = inboxHead;
    int n = 0;
    while (n < LoopHealth.MAX_COUNTED_INBOX
        && (node = (LoopHandle) LoopHandle.NEXT.getAcquire(node)) != null) {
      n++;
    }
    return n;
  }

  /** Debug mode: records a new future for {@link #pendingFutures()}. */
  @Override
  public void created(DefaultLoopFuture<?> future) {
    DebugRegistry r = debugRegistry;
    if (r != null) {
      r.add(future);
    }
  }

  /**
   * What the loop owns that is pending, or in debug mode every pending future created on it, in
   * creation order.
   */
  List<PendingFuture> pendingFutures() {
    checkThread("pendingFutures");
    DebugRegistry r = debugRegistry;
    List<DefaultLoopFuture<?>> futures = r != null ? r.pending() : owned.snapshot();
    List<PendingFuture> out = new ArrayList<>(futures.size());
    for (DefaultLoopFuture<?> f : futures) {
      if (!f.isDone()) {
        out.add(new PendingFuture(f, f.name(), f.creationSite()));
      }
    }
    return out;
  }

  /** Starts a graceful shutdown's drain; loop-confined. See {@link GracefulShutdown}. */
  void beginDrain(long deadlineNanos) {
    assert ownsLoopState();
    drainDeadline = deadlineNanos;
    drainInbox(); // timers submitted before the shutdown count as such
    drainFirstTimer = timers.nextSequence();
    draining = true;
    /*
     * Cancel from a callback, on the loop thread: cancellations resume coroutines and run other
     * code that asks inLoopThread() to choose callSoon over callSoonThreadsafe, and the latter
     * is refused from any other thread now.
     */
    ready.add(new LoopHandle((Runnable) this::cancelOwnedForShutdown));
  }

  private void cancelOwnedForShutdown() {
    assert inLoopThread();
    for (DefaultLoopFuture<?> future : owned.snapshot()) {
      if (!future.isDone()) {
        future.cancel(GracefulShutdown.MESSAGE);
      }
    }
  }

  /** Whether the drain's deadline stopped a run; loop-confined. */
  boolean drainTimedOut() {
    assert ownsLoopState();
    return drainTimedOut;
  }

  /**
   * Whether the drain has work left: callbacks ready or in the inbox, a timer due before the
   * deadline, or a timer scheduled during the drain (work that is still going, however far
   * ahead its next step is). Timers scheduled before the drain and due after its deadline are
   * not waited for. Loop-confined.
   */
  boolean hasDrainWork() {
    assert ownsLoopState();
    return !ready.isEmpty() || !inboxIsEmpty() || timers.anyLive(drainDeadline, drainFirstTimer);
  }

  /** What is queued, for a shutdown report; loop-confined. */
  List<String> describeQueued() {
    assert ownsLoopState();
    List<String> out = new ArrayList<>();
    for (Object e : ready.snapshot()) {
      if (e instanceof LoopHandle h && h.pendingCallback() != null) {
        out.add("callback ready: " + h.pendingCallback());
      } else if (e instanceof DefaultLoopFuture<?> f) {
        out.add("done callback ready for " + f);
      }
    }
    int inbox = inboxDepth();
    if (inbox > 0) {
      out.add(inbox + " callbacks in the thread-safe inbox");
    }
    long now = clock.nanoTime();
    for (TimerHandle t : timers.snapshot()) {
      Object cb = t.pendingCallback();
      if (cb != null) {
        out.add("timer due in " + Duration.ofNanos(t.deadline - now) + ": " + cb);
      }
    }
    return out;
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

  /** Called by the cleaner thread for a failure nobody retrieved. */
  @Override
  public void reportUnretrieved(LoopErrorContext context, ContextSnapshot creationContext) {
    Runnable inCreationContext =
        () -> {
          try (ContextSnapshot.Scope ignored = creationContext.open()) {
            report(context);
          }
        };
    if (!closed) {
      try {
        offer(new LoopHandle(inCreationContext));
        return;
      } catch (RejectedExecutionException closedMeanwhile) {
        // fall through: report here
      }
    }
    inCreationContext.run();
  }

  @Override
  public void stop() {
    if (inLoopThread()) {
      stopping = true;
      return;
    }
    int generation = runGeneration;
    if ((generation & 1) == 0 || closed) {
      return; // not running: harmless
    }
    try {
      offer(
          new LoopHandle(
              (Runnable)
                  () -> {
                    if (runGeneration == generation) {
                      stopping = true;
                    }
                  }));
    } catch (RejectedExecutionException closedMeanwhile) {
      // a closed loop is not running
    }
  }

  // ---- closing ----

  @Override
  public void close() {
    Thread o = owner;
    if (o != null) {
      throw new IllegalStateException(
          "cannot close a running event loop (running on thread '"
              + o.getName()
              + "'); stop it first");
    }
    if (closed) {
      return;
    }
    closed = true;
    if (watchdog != null) {
      watchdog.unregister();
    }
    if (clock instanceof ManualClock) {
      ((ManualClock) clock).detach(this);
    }
    List<ClosingTask> closingTasks = new ArrayList<>();
    // the inbox: cancel everything, remember the tasks that must hear about it
    /*
     * Walk up to the tail as it is now, not just up to the first missing link: a producer that
     * swapped the tail but has not linked its node yet would otherwise hide the nodes queued
     * behind it, whose producers saw the loop open and returned them as accepted, and they would
     * never run nor read as cancelled (found by reliability's LoopSubmissionLincheckTest).
     * Producers that swap the tail after this read see closed and cancel their own node.
     */
    LoopHandle head = inboxHead;
    LoopHandle last = inboxTail;
    while (head != last) {
      LoopHandle next = (LoopHandle) LoopHandle.NEXT.getAcquire(head);
      if (next == null) {
        Thread.onSpinWait(); // the producer is between its tail swap and its link
        continue;
      }
      head = next;
      cancelQueued(next, closingTasks);
    }
    inboxHead = head;
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
    for (ClosingTask task : closingTasks) {
      task.loopClosed();
    }
    closeActions.cancelOwnedThenRunActions(owned, this::runCloseAction);
  }

  /**
   * Registers {@code action} to run when the loop closes. The actions run in {@link #close()},
   * in registration order, after queued callbacks and timers were dropped and owned futures
   * cancelled; on a closed loop at once, here.
   */
  @Override
  public Handle onClose(Runnable action) {
    return closeActions.onClose(action, this::runCloseAction);
  }

  private void runCloseAction(Runnable action) {
    CloseActions.runReported(action, this::report);
  }

  private static void cancelQueued(LoopHandle h, List<ClosingTask> closingTasks) {
    Object callback = h.pendingCallback();
    if (h.cancel() && callback instanceof ClosingTask) {
      closingTasks.add((ClosingTask) callback);
    }
  }

  @Override
  public String toString() {
    Thread o = owner;
    String state = closed ? "CLOSED" : o != null ? "RUNNING on '" + o.getName() + "'" : "IDLE";
    return "EventLoop@" + Integer.toHexString(System.identityHashCode(this)) + "[" + state + "]";
  }
}
