package dev.tandem.reactor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;

/**
 * A publisher the test drives by hand: it keeps the subscriber and signals only when told, so a
 * test can deliver {@code onSubscribe} late, or signal after a cancel (as a publisher that
 * ignores cancels would).
 */
final class ManualPublisher implements Subscription {
  private final AtomicReference<@Nullable Subscriber<? super String>> subscriber = new AtomicReference<>();
  final AtomicBoolean cancelled = new AtomicBoolean();
  final AtomicLong requested = new AtomicLong();

  /** The Mono whose one subscriber this publisher keeps. */
  Mono<String> mono() {
    return Mono.fromDirect(s -> {
      if (!subscriber.compareAndSet(null, s)) {
        throw new AssertionError("subscribed twice");
      }
    });
  }

  private Subscriber<? super String> subscriber() {
    Subscriber<? super String> s = subscriber.get();
    if (s == null) {
      throw new AssertionError("not subscribed");
    }
    return s;
  }

  void signalSubscribe() {
    subscriber().onSubscribe(this);
  }

  void signalValue(String value) {
    subscriber().onNext(value);
    subscriber().onComplete();
  }

  void signalError(Throwable failure) {
    subscriber().onError(failure);
  }

  @Override
  public void request(long n) {
    requested.addAndGet(n);
  }

  @Override
  public void cancel() {
    cancelled.set(true);
  }
}
