package dev.tandem.micrometer;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.LoopHealth;
import dev.tandem.loop.LoopOperations;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes one event loop's {@linkplain LoopOperations#health health} to a Micrometer registry,
 * every meter tagged {@code loop=<name>} (plus the tags given).
 *
 * <!-- the same code runs in LoopMetricsTest.javadocExample -->
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * EventLoop loop = EventLoops.newEventLoop();
 * new LoopMetrics(loop, "main").bindTo(registry);
 * double lagged = registry.get("tandem.loop.lag").functionTimer().count();
 * }</pre>
 *
 * <h2>Meters</h2>
 *
 * <table>
 *   <caption>Meters and the {@link LoopHealth} value each reads</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code tandem.loop.callbacks}</td><td>function counter</td><td>{@link LoopHealth#callbacksRun()}</td></tr>
 *   <tr><td>{@code tandem.loop.ready.depth}</td><td>gauge</td><td>{@link LoopHealth#readyQueueDepth()}</td></tr>
 *   <tr><td>{@code tandem.loop.inbox.depth}</td><td>gauge</td><td>{@link LoopHealth#inboxDepth()}</td></tr>
 *   <tr><td>{@code tandem.loop.timers.pending}</td><td>gauge</td><td>{@link LoopHealth#pendingTimers()}</td></tr>
 *   <tr><td>{@code tandem.loop.futures.owned}</td><td>gauge</td><td>{@link LoopHealth#ownedFutures()}</td></tr>
 *   <tr><td>{@code tandem.loop.callbacks.slow}</td><td>function counter</td><td>{@link LoopHealth#slowCallbacks()}</td></tr>
 *   <tr><td>{@code tandem.loop.blocked}</td><td>function counter</td><td>{@link LoopHealth#blockedEpisodes()}</td></tr>
 *   <tr><td>{@code tandem.loop.lag}</td><td>function timer</td><td>count {@link LoopHealth#lagSamples()}, total {@link LoopHealth#lagTotal()}</td></tr>
 *   <tr><td>{@code tandem.loop.lag.recent} (tag {@code quantile} 0.5, 0.9, 0.99, 1.0)</td><td>gauge, seconds</td><td>{@link LoopHealth#lagP50()}, {@code lagP90}, {@code lagP99}, {@code lagMax}</td></tr>
 * </table>
 *
 * <h2>Threads and cost</h2>
 *
 * Each meter takes a health snapshot when the registry reads it, on the registry's thread; the
 * loop thread is never involved or slowed. Values are approximate the way {@link LoopHealth}
 * explains. The meters hold the loop weakly, as Micrometer's function meters do: a collected
 * loop's meters read {@code NaN}. Bind the same loop to a registry once.
 */
public final class LoopMetrics implements MeterBinder {
  private final EventLoop loop;
  private final Tags tags;

  /**
   * Metrics of {@code loop}, tagged {@code loop=name} and {@code extraTags}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code loop} is not a loop built by {@code EventLoops}
   */
  public LoopMetrics(EventLoop loop, String name, Iterable<Tag> extraTags) {
    this.loop = Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extraTags, "extraTags");
    LoopOperations.health(loop); // fails fast for a loop without health
    this.tags = Tags.of(extraTags).and("loop", name);
  }

  /** Metrics of {@code loop}, tagged {@code loop=name}; see {@link #LoopMetrics(EventLoop, String, Iterable)}. */
  public LoopMetrics(EventLoop loop, String name) {
    this(loop, name, Tags.empty());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    counter(registry, "tandem.loop.callbacks", "callbacks the loop has started", LoopHealth::callbacksRun);
    gauge(registry, "tandem.loop.ready.depth", "callbacks waiting in the ready queue", h -> h.readyQueueDepth());
    gauge(registry, "tandem.loop.inbox.depth", "callbacks from other threads not taken in yet", h -> h.inboxDepth());
    gauge(registry, "tandem.loop.timers.pending", "timers in the loop's heap", h -> h.pendingTimers());
    gauge(registry, "tandem.loop.futures.owned", "pending futures the loop owns", h -> h.ownedFutures());
    counter(registry, "tandem.loop.callbacks.slow", "callbacks over the slow threshold (debug mode)", LoopHealth::slowCallbacks);
    counter(registry, "tandem.loop.blocked", "blocked episodes seen by the watchdog", LoopHealth::blockedEpisodes);
    FunctionTimer.builder(
            "tandem.loop.lag",
            loop,
            l -> health(l).lagSamples(),
            l -> health(l).lagTotal().toNanos(),
            TimeUnit.NANOSECONDS)
        .description("time from callSoonThreadsafe to the callback starting, sampled")
        .tags(tags)
        .register(registry);
    lag(registry, "0.5", LoopHealth::lagP50);
    lag(registry, "0.9", LoopHealth::lagP90);
    lag(registry, "0.99", LoopHealth::lagP99);
    lag(registry, "1.0", LoopHealth::lagMax);
  }

  private static LoopHealth health(EventLoop loop) {
    return LoopOperations.health(loop);
  }

  private void counter(
      MeterRegistry registry, String name, String description, ToDoubleFunction<LoopHealth> value) {
    FunctionCounter.builder(name, loop, l -> value.applyAsDouble(health(l)))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<LoopHealth> value) {
    Gauge.builder(name, loop, l -> value.applyAsDouble(health(l)))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private void lag(MeterRegistry registry, String quantile, Function<LoopHealth, Duration> value) {
    Gauge.builder(
            "tandem.loop.lag.recent",
            loop,
            l -> value.apply(health(l)).toNanos() / (double) TimeUnit.SECONDS.toNanos(1))
        .description("loop lag of the recent measured submissions, by quantile")
        .baseUnit("seconds")
        .tags(tags)
        .tag("quantile", quantile)
        .register(registry);
  }
}
