package dev.tandem.loop;

import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DefaultLoopFuture} and the combinators' futures need from the loop they live on:
 * the small SPI that lets them live on any {@link EventLoop}, not only Tandem's own.
 *
 * <p>Three implementations: {@link DefaultEventLoop} and {@link HostedEventLoop} implement it
 * directly (the fast path: a done callback is two ring slots, owning a combinator's future
 * three stores, see {@link OwnedFutures}), and {@link ForeignLoopHost} implements it over any other loop through that loop's public methods only
 * ({@code callSoon}, {@code inLoopThread}, {@code isRunning}, {@link EventLoop#onClose}). Get
 * the host of a loop with {@link Combinators#host(EventLoop)}.
 *
 * <p>Cost: a future's host field has this interface type. While only one implementation is in
 * use (only own loops, or only hosted ones), the JIT sees a single receiver type and calls it
 * directly; with two in use a call site is bimorphic, which HotSpot inlines behind one type
 * check. No allocation or atomic operation is
 * added to the own loop's per-callback path.
 */
interface FutureHost extends ContextCarrier {
  /** The loop futures of this host report as their {@link dev.tandem.api.LoopFuture#loop()}. */
  EventLoop eventLoop();

  /** Whether futures record their creation site (debug mode). */
  boolean debug();

  /** Whether the calling thread is the thread running the loop now. */
  boolean inLoopThread();

  /**
   * Fails fast with {@link dev.tandem.api.WrongThreadException} if a thread other than the
   * loop's calls the mutating {@code operation} while the loop runs.
   */
  void checkThread(String operation);

  /**
   * Schedules {@code callback} (a {@code Consumer} of the future, or a {@link CallbackList} of
   * them to run in order, each as its own callback) to run on the loop, after what is already
   * scheduled; dropped if the loop is closed. Loop thread, or set-up thread
   * while the loop is not running.
   */
  void enqueueDoneCallback(DefaultLoopFuture<?> future, Object callback);

  /**
   * Registers {@code future} as work the loop would complete: closing the loop cancels it while
   * it is pending, with {@link DefaultEventLoop#CLOSED_MESSAGE}; on a closed loop it is
   * cancelled at once. Any thread.
   */
  void registerOwned(DefaultLoopFuture<?> future);

  /**
   * Reports a failure nobody retrieved, with {@code creationContext} (the context where the
   * future was created, {@link ContextSnapshot#empty()} without propagation) open around the
   * exception handler; called from a cleaner thread.
   */
  void reportUnretrieved(LoopErrorContext context, ContextSnapshot creationContext);

  /**
   * Hands {@code context} to the loop's exception handler on the calling thread; for a context
   * wrapper ({@link ContextCallbacks}) whose callback threw, while its snapshot is open.
   */
  void report(LoopErrorContext context);

  /**
   * Opens {@code snapshot} around one callback this host runs; returns the scope to close when
   * the callback returned, or null if the host puts the thread back itself later (Tandem's loops
   * do so at the end of each batch: {@link BatchContext}). Loop thread.
   */
  ContextSnapshot.@Nullable Scope enterCallbackContext(ContextSnapshot snapshot);

  /**
   * {@inheritDoc} The one place a host keeps it, so that whatever is composed into it reaches
   * every registration point of the loop; {@link dev.tandem.api.ContextPropagator#none()} for a
   * loop without propagation, whose futures then capture nothing.
   */
  @Override
  dev.tandem.api.ContextPropagator contextPropagator();

  /**
   * The context current now, for a future or a callback registered on this host's loop; only
   * called with propagation on. A host may hand out an earlier snapshot that holds the same
   * values. By default a new capture.
   */
  default ContextSnapshot captureContext() {
    return contextPropagator().capture();
  }

  /**
   * Called in debug mode by each new future of this host, from its constructor, for the
   * pending-futures dump ({@link LoopOperations#pendingFutures}); by default nothing.
   */
  default void created(DefaultLoopFuture<?> future) {}
}
