/**
 * Context propagation for Tandem's loops and executors over Micrometer's context-propagation
 * library: {@link dev.tandem.context.MicrometerContext} makes a {@link
 * dev.tandem.api.ContextPropagator} that captures every {@code ThreadLocalAccessor} registered
 * with a {@code ContextRegistry} (SLF4J's MDC keys through {@code Slf4jThreadLocalAccessor},
 * Micrometer Observation, OpenTelemetry through Micrometer Tracing's bridge, your own).
 *
 * <p>What is here: the propagator only. What is not: the registration points and the rules of
 * when a context is captured and restored, which are the loop's and the executor's ({@code
 * EventLoopBuilder.contextPropagator}, {@code FutureExecutor.newFixedPool(…, propagator)}; see
 * {@code docs/concepts.md}), and a propagator for plain {@code ThreadLocal}s, which needs no
 * library ({@link dev.tandem.api.ContextPropagator#ofThreadLocals}).
 */
@NullMarked
package dev.tandem.context;

import org.jspecify.annotations.NullMarked;
