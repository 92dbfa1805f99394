package dev.tandem.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.awt.EventQueue;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context propagation on the EDT loop with a plain {@link ThreadLocal}: a value set before
 * registering is seen by the callback on the EDT, and the EDT holds afterwards what it held before.
 * Each test closes its propagating loop, so the EDT is left to {@link SwingLoops#edt()} alone.
 */
@Timeout(20)
final class SwingContextTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(REQUEST);

  private final EventLoop loop = SwingLoops.edt(PROPAGATOR);
  private final List<@Nullable String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    REQUEST.remove();
    onEdt(
        () -> {
          loop.close();
          REQUEST.remove();
          return null;
        });
  }

  private static <T> T onEdt(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    EventQueue.invokeLater(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** Waits until the loop ran everything queued so far, then reads what the EDT holds. */
  private @Nullable String edtHoldsAfterTheCallbacks() throws Exception {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    loop.callSoonThreadsafe(() -> drained.complete(null));
    drained.get(10, TimeUnit.SECONDS);
    return onEdt(REQUEST::get);
  }

  @Test
  void callSoon_inAListener_runsOnTheEdt_inTheListenersContext() throws Exception {
    onEdt(
        () -> {
          REQUEST.set("edt's own");
          return null;
        });
    onEdt(
        () -> {
          String own = REQUEST.get();
          REQUEST.set("click-1");
          loop.callSoon(() -> seen.add(REQUEST.get() + " on " + EventQueue.isDispatchThread()));
          REQUEST.set(own);
          return null;
        });

    assertThat(edtHoldsAfterTheCallbacks()).isEqualTo("edt's own");
    assertThat(seen).containsExactly("click-1 on true");
  }

  @Test
  void addDoneCallback_fromAnotherThread_runsOnTheEdt_inTheRegistrantsContext() throws Exception {
    LoopFuture<String> text = onEdt(loop::createFuture);
    REQUEST.set("click-2");
    loop.callSoonThreadsafe(
        () -> text.addDoneCallback(done -> seen.add(REQUEST.get() + " " + done.result())));
    REQUEST.set("set after registering");
    onEdt(
        () -> {
          text.setResult("looked up");
          return null;
        });

    assertThat(edtHoldsAfterTheCallbacks()).isNull();
    assertThat(seen).containsExactly("click-2 looked up");
  }

  @Test
  void edt_withAPropagator_isOneLoopPerPropagator() {
    assertThat(SwingLoops.edt(PROPAGATOR)).isSameAs(loop);
    assertThat(SwingLoops.edt()).isNotSameAs(loop);
    assertThat(SwingLoops.edt(ContextPropagator.none())).isSameAs(SwingLoops.edt());
    assertThatThrownBy(() -> SwingLoops.edt(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("propagator");
  }
}
