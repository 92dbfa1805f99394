package dev.tandem.api;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class RunningLoopTest {

  private static EventLoop fakeLoop() {
    // RunningLoop only stores the reference; a proxy stands in for a real loop.
    return (EventLoop)
        Proxy.newProxyInstance(
            EventLoop.class.getClassLoader(),
            new Class<?>[] {EventLoop.class},
            (proxy, method, args) ->
                method.getName().equals("toString") ? "fake loop" : null);
  }

  @Test
  void current_onAPlainThread_isNull() {
    assertNull(RunningLoop.current());
  }

  @Test
  void enter_marksTheThreadUntilTheScopeCloses() {
    EventLoop loop = fakeLoop();
    try (RunningLoop.Scope scope = RunningLoop.enter(loop)) {
      assertSame(loop, RunningLoop.current());
    }
    assertNull(RunningLoop.current());
  }

  @Test
  void enter_nested_restoresTheOuterLoop() {
    EventLoop outer = fakeLoop();
    EventLoop inner = fakeLoop();
    try (RunningLoop.Scope a = RunningLoop.enter(outer)) {
      try (RunningLoop.Scope b = RunningLoop.enter(inner)) {
        assertSame(inner, RunningLoop.current());
      }
      assertSame(outer, RunningLoop.current());
    }
    assertNull(RunningLoop.current());
  }

  @Test
  @Timeout(10)
  void marker_isPerThread() throws Exception {
    EventLoop loop = fakeLoop();
    try (RunningLoop.Scope scope = RunningLoop.enter(loop)) {
      CompletableFuture<EventLoop> seenElsewhere = new CompletableFuture<>();
      Thread other = new Thread(() -> seenElsewhere.complete(RunningLoop.current()));
      other.start();
      assertNull(seenElsewhere.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void enter_null_throws() {
    assertThrows(NullPointerException.class, () -> RunningLoop.enter(nullLoop()));
  }

  @SuppressWarnings("unchecked")
  private static <L> L nullLoop() {
    return (L) (Object) null;
  }
}
