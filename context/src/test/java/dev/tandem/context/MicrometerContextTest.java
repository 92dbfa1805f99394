package dev.tandem.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.threads.FutureExecutor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** {@link MicrometerContext}'s snapshots, and OpenTelemetry's {@code Context} beside them. */
@Timeout(30)
final class MicrometerContextTest {
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();
  private static final ContextKey<String> SPAN = ContextKey.named("span");
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** OpenTelemetry's own current context, wrapped as a Tandem propagator: makeCurrent / close. */
  private static final ContextPropagator OTEL =
      () -> {
        Context captured = Context.current();
        return () -> {
          Scope scope = captured.makeCurrent();
          return scope::close;
        };
      };

  @AfterEach
  void clean() {
    MDC.clear();
    TENANT.remove();
  }

  @Test
  void javadocExample_propagatesAnMdcKeyThroughTheLoopAndThePool() throws Exception {
    ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("requestId"));
    ContextPropagator propagator = MicrometerContext.propagator();
    EventLoop loop = EventLoops.builder().contextPropagator(propagator).build();
    FutureExecutor pool = FutureExecutor.newFixedPool(4, "io", propagator);
    try {
      MDC.put("requestId", "r-42");
      ExecutorFuture<String> onPool = pool.submit(() -> MDC.get("requestId"));
      LoopFuture<String> onLoop = loop.createFuture();
      loop.callSoon(() -> onLoop.setResult(MDC.get("requestId")));
      MDC.remove("requestId");
      assertThat(onPool.result(WAIT)).isEqualTo("r-42");
      assertThat(loop.runUntilComplete(onLoop)).isEqualTo("r-42");
      assertThat(MDC.get("requestId")).isNull();
    } finally {
      loop.close();
      pool.close();
      ContextRegistry.getInstance().removeThreadLocalAccessor("requestId");
    }
  }

  @Test
  void aSnapshot_setsWhatWasCaptured_clearsWhatWasAbsent_andRestoresTheThread() {
    ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor("tenant", TENANT);
    ContextPropagator propagator = MicrometerContext.propagator(registry);
    TENANT.set("acme");
    ContextSnapshot withTenant = propagator.capture();
    TENANT.remove();
    ContextSnapshot without = propagator.capture();

    TENANT.set("thread's own");
    try (ContextSnapshot.Scope ignored = withTenant.open()) {
      assertThat(TENANT.get()).isEqualTo("acme");
    }
    assertThat(TENANT.get()).isEqualTo("thread's own");
    try (ContextSnapshot.Scope ignored = without.open()) {
      assertThat(TENANT.get()).as("clearMissing: absent where captured").isNull();
    }
    assertThat(TENANT.get()).isEqualTo("thread's own");
    TENANT.remove();
    try (ContextSnapshot.Scope ignored = withTenant.open()) {
      assertThat(TENANT.get()).isEqualTo("acme");
    }
    assertThat(TENANT.get()).as("a value absent before is absent after").isNull();
  }

  @Test
  void theKeyFilter_leavesOtherAccessorsAlone_andLaterRegistrationsAreCaptured() {
    ThreadLocal<String> other = new ThreadLocal<>();
    ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor("tenant", TENANT);
    ContextPropagator onlyTenant =
        MicrometerContext.propagator(registry, key -> key.equals("tenant"));
    ContextPropagator all = MicrometerContext.propagator(registry);
    registry.registerThreadLocalAccessor("other", other); // after the propagators were made
    TENANT.set("acme");
    other.set("captured?");
    ContextSnapshot filtered = onlyTenant.capture();
    ContextSnapshot everything = all.capture();
    TENANT.remove();
    other.set("running thread's");
    try (ContextSnapshot.Scope ignored = filtered.open()) {
      assertThat(TENANT.get()).isEqualTo("acme");
      assertThat(other.get()).as("not admitted: untouched").isEqualTo("running thread's");
    }
    try (ContextSnapshot.Scope ignored = everything.open()) {
      assertThat(other.get()).as("registered later, captured all the same").isEqualTo("captured?");
    }
    assertThat(other.get()).isEqualTo("running thread's");
  }

  @Test
  void aCallersFactory_isTakenAsItIs() {
    ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor("tenant", TENANT);
    ContextPropagator lenient =
        MicrometerContext.propagator(ContextSnapshotFactory.builder().contextRegistry(registry).build());
    ContextSnapshot nothing = lenient.capture();
    TENANT.set("running thread's");
    try (ContextSnapshot.Scope ignored = nothing.open()) {
      assertThat(TENANT.get()).as("clearMissing(false): not cleared").isEqualTo("running thread's");
    }
    assertThat(lenient.toString()).startsWith("MicrometerContext.propagator(");
  }

  @Test
  void badInput_isRefusedAtTheCallSite() {
    assertThatNullPointerException()
        .isThrownBy(() -> MicrometerContext.propagator((ContextRegistry) null))
        .withMessage("registry");
    assertThatNullPointerException()
        .isThrownBy(() -> MicrometerContext.propagator(new ContextRegistry(), null))
        .withMessage("keyFilter");
    assertThatNullPointerException()
        .isThrownBy(() -> MicrometerContext.propagator((ContextSnapshotFactory) null))
        .withMessage("factory");
  }

  @Test
  void openTelemetrysContext_composedWithMicrometer_crossesTheLoopAndThePool() throws Exception {
    ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor("tenant", TENANT);
    ContextPropagator both = ContextPropagator.composite(MicrometerContext.propagator(registry), OTEL);
    EventLoop loop = EventLoops.builder().contextPropagator(both).build();
    FutureExecutor pool = FutureExecutor.newFixedPool(1, "otel-pool", both);
    try {
      List<@Nullable String> seen = new ArrayList<>();
      LoopFuture<Void> done = loop.createFuture();
      ExecutorFuture<String> onPool;
      TENANT.set("acme");
      try (Scope span = Context.current().with(SPAN, "span-1").makeCurrent()) {
        onPool = pool.submit(() -> TENANT.get() + "/" + Context.current().get(SPAN));
        loop.callSoon(
            () -> {
              seen.add(TENANT.get() + "/" + Context.current().get(SPAN));
              done.setResult(null);
            });
      }
      TENANT.remove();
      assertThat(Context.current()).isSameAs(Context.root());
      assertThat(onPool.result(WAIT)).isEqualTo("acme/span-1");
      try (Scope own = Context.current().with(SPAN, "loop thread's").makeCurrent()) {
        loop.runUntilComplete(done);
        assertThat(Context.current().get(SPAN)).isEqualTo("loop thread's");
      }
      assertThat(seen).containsExactly("acme/span-1");
      assertThat(Context.current()).isSameAs(Context.root());
      ExecutorFuture<String> afterwards = pool.submit(() -> String.valueOf(Context.current().get(SPAN)));
      assertThat(afterwards.result(WAIT)).as("registered outside any span").isEqualTo("null");
    } finally {
      loop.close();
      pool.close();
    }
  }
}
