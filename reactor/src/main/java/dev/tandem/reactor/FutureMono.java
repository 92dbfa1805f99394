package dev.tandem.reactor;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.Failures;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link TandemMonos#asMono} and {@link TandemMonos#asCancellingMono}: a {@code Mono} each of
 * whose subscribers observes the same future. Nothing is stored here but the future; every
 * subscription is an {@link Observation} of its own.
 *
 * <p>For a future whose loop or executor propagates context, a subscriber is signalled with the
 * thread-locals of its Reactor {@code Context} set ({@link ReactorContexts}): the subscriber's
 * context is its {@code Context}, as a Tandem callback's is its registrant's thread's.
 */
final class FutureMono<T> extends Mono<T> {
  /** The message a cancelling Mono's subscriber cancels the future with. */
  static final String SUBSCRIBER_CANCELLED = "cancelled by the subscriber of its Mono";

  private final AsyncFuture<? extends @Nullable T> future;
  private final boolean cancelsFuture;
  /* Decided once: a future without propagation (or no context-propagation library) costs nothing. */
  private final boolean restoresContext;

  FutureMono(AsyncFuture<? extends @Nullable T> future, boolean cancelsFuture) {
    this.future = future;
    this.cancelsFuture = cancelsFuture;
    this.restoresContext =
        ReactorContexts.AVAILABLE
            && ContextCarrier.propagatorOf(future) != ContextPropagator.none();
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new Observation<T>(actual, future, cancelsFuture, restoresContext));
  }

  @Override
  public String toString() {
    return (cancelsFuture ? "TandemMonos.asCancellingMono(" : "TandemMonos.asMono(") + future + ")";
  }

  /**
   * One subscription: registers on the future at the first request (as Reactor's own {@code
   * Mono.fromFuture} does), delivers its outcome once, deregisters on cancel.
   */
  private static final class Observation<T> extends AtomicInteger implements Subscription {
    private static final long serialVersionUID = 1L;
    private static final int NEW = 0;
    private static final int REQUESTED = 1;
    /* Terminal: the outcome was delivered, or the subscriber cancelled. */
    private static final int DELIVERED = 2;
    private static final int CANCELLED = 3;

    private final transient CoreSubscriber<? super T> actual;
    private final transient AsyncFuture<? extends @Nullable T> future;
    private final boolean cancelsFuture;
    private final boolean restoresContext;
    private transient volatile @Nullable Handle registration;

    Observation(
        CoreSubscriber<? super T> actual,
        AsyncFuture<? extends @Nullable T> future,
        boolean cancelsFuture,
        boolean restoresContext) {
      this.actual = actual;
      this.future = future;
      this.cancelsFuture = cancelsFuture;
      this.restoresContext = restoresContext;
    }

    @Override
    public void request(long n) {
      if (!Operators.validate(n) || !compareAndSet(NEW, REQUESTED)) {
        return;
      }
      Handle handle = observe(future);
      registration = handle;
      if (get() == CANCELLED) {
        handle.cancel(); // the subscriber cancelled while we registered
      }
    }

    /* A method of its own for the capture: the future's wildcard becomes a type variable. */
    private <V extends @Nullable T> Handle observe(AsyncFuture<V> observed) {
      Consumer<AsyncFuture<V>> onDone = this::deliverInContext;
      /* LoopThreads.observe also sees a loop future's loop close under it, which a plain callback cannot. */
      return LoopThreads.observe(observed, onDone, this::loopClosedInContext);
    }

    private void deliverInContext(AsyncFuture<? extends @Nullable T> done) {
      if (!restoresContext) {
        deliver(done);
        return;
      }
      ContextSnapshot.Scope scope = ReactorContexts.threadLocalsFrom(actual.currentContext());
      try {
        deliver(done);
      } finally {
        scope.close();
      }
    }

    private void loopClosedInContext() {
      if (!restoresContext) {
        loopClosed();
        return;
      }
      ContextSnapshot.Scope scope = ReactorContexts.threadLocalsFrom(actual.currentContext());
      try {
        loopClosed();
      } finally {
        scope.close();
      }
    }

    @Override
    public void cancel() {
      int state;
      do {
        state = get();
        if (state == DELIVERED || state == CANCELLED) {
          return;
        }
      } while (!compareAndSet(state, CANCELLED));
      Handle handle = registration;
      if (handle != null) {
        handle.cancel();
      }
      if (cancelsFuture) {
        LoopThreads.cancelUnlessDone(future, SUBSCRIBER_CANCELLED);
      }
    }

    /** The future is done: hand its outcome to the subscriber, unless it cancelled. */
    private void deliver(AsyncFuture<? extends @Nullable T> done) {
      if (!compareAndSet(REQUESTED, DELIVERED)) {
        dropOutcome(done);
        return;
      }
      try {
        if (done.isCancelled()) {
          actual.onError(Failures.cancellation(done));
          return;
        }
        Throwable failure = done.exception();
        if (failure != null) {
          actual.onError(Failures.unwrap(failure));
          return;
        }
        T value = done.result();
        if (value != null) {
          actual.onNext(value);
        }
        actual.onComplete();
      } catch (Throwable subscriberFailure) {
        /* The subscriber broke the Reactive Streams rules; Reactor's hook is where its users look. */
        Operators.onErrorDropped(subscriberFailure, actual.currentContext());
        Exceptions.throwIfJvmFatal(subscriberFailure);
      }
    }

    /** A loop future's loop closed while it was pending: it can never complete. */
    private void loopClosed() {
      if (compareAndSet(REQUESTED, DELIVERED)) {
        actual.onError(LoopThreads.loopClosed(((LoopFuture<?>) future).loop()));
      }
    }

    /** What arrives after the subscriber cancelled goes where Reactor puts dropped signals. */
    private void dropOutcome(AsyncFuture<? extends @Nullable T> done) {
      Context context = actual.currentContext();
      if (done.isCancelled()) {
        return;
      }
      Throwable failure = done.exception();
      if (failure != null) {
        Operators.onErrorDropped(Failures.unwrap(failure), context);
      } else {
        Operators.onDiscard(done.result(), context);
      }
    }
  }
}
