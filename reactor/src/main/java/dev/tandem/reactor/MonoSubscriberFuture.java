package dev.tandem.reactor;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * {@link TandemMonos#asExecutorFuture}: one subscriber of the {@code Mono}, completing a settable
 * executor future, and the done callback that cancels the subscription when the future is
 * cancelled.
 */
final class MonoSubscriberFuture<T> implements CoreSubscriber<T>, Consumer<AsyncFuture<@Nullable T>> {
  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<MonoSubscriberFuture, Subscription> UPSTREAM =
      AtomicReferenceFieldUpdater.newUpdater(
          MonoSubscriberFuture.class, Subscription.class, "upstream");

  private final SettableExecutorFuture<@Nullable T> future = ExecutorFutures.settable();

  /*
   * Null until onSubscribe; Reactor's cancelled-subscription sentinel once the future was
   * cancelled. Operators.setOnce and Operators.terminate implement the race between the two (a
   * cancel before onSubscribe cancels the subscription as soon as it arrives).
   */
  private volatile @Nullable Subscription upstream;

  private MonoSubscriberFuture() {}

  /** Subscribes to {@code mono} once, now, and returns the future it completes. */
  static <T> ExecutorFuture<@Nullable T> subscribe(Mono<T> mono) {
    MonoSubscriberFuture<T> subscriber = new MonoSubscriberFuture<>();
    /* Registered first: a cancel racing the subscription then still reaches the upstream. */
    subscriber.future.addDoneCallback(subscriber);
    mono.subscribe(subscriber);
    return subscriber.future;
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (Operators.setOnce(UPSTREAM, this, s)) {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(T value) {
    if (!future.setResult(value)) {
      Operators.onDiscard(value, currentContext());
    }
  }

  @Override
  public void onError(Throwable thrown) {
    Throwable failure = Failures.unwrap(thrown);
    if (failure instanceof CancellationException cancellation) {
      future.cancel(cancellation.getMessage());
    } else if (!future.setException(failure)) {
      /* The future was cancelled first: Reactor's hook keeps some track of the failure. */
      Operators.onErrorDropped(failure, currentContext());
    }
  }

  @Override
  public void onComplete() {
    future.setResult(null); // false after onNext: the value is already there
  }

  /** The future is done: if it was cancelled, so is the subscription. */
  @Override
  public void accept(AsyncFuture<@Nullable T> done) {
    if (done.isCancelled()) {
      Operators.terminate(UPSTREAM, this);
    }
  }

  @Override
  public String toString() {
    return "MonoSubscriberFuture[" + future + "]";
  }
}
