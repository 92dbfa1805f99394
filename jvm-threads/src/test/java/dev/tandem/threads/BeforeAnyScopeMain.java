package dev.tandem.threads;

import dev.tandem.api.ContextPropagator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a fresh JVM by {@link BeforeAnyScopeTest}: what a done callback of a propagating settable
 * future sees when it was registered before any cancel scope was ever current (the cheap capture
 * of the user's values only) and runs inside a deadline's block. Prints what each callback saw
 * and exits 0 only if each saw what its registration point had.
 */
final class BeforeAnyScopeMain {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  private BeforeAnyScopeMain() {}

  public static void main(String[] args) throws Exception {
    if (CancelScope.everCurrent()) {
      throw new AssertionError("a cancel scope was current before the first registration");
    }
    SettableExecutorFuture<String> future =
        ExecutorFutures.settable(ContextPropagator.ofThreadLocals(REQUEST));
    List<String> seen = new ArrayList<>();
    REQUEST.set("before any scope");
    future.addDoneCallback(f -> seen.add(REQUEST.get() + ", " + scope()));
    REQUEST.remove();
    Deadline.within(
        Duration.ofSeconds(30),
        deadline -> {
          REQUEST.set("inside the deadline");
          future.addDoneCallback(f -> seen.add(REQUEST.get() + ", " + scope()));
          future.setResult("done");
          seen.add("completer afterwards: " + REQUEST.get() + ", " + scope());
          REQUEST.remove();
          return null;
        });
    List<String> expected =
        List.of(
            "before any scope, no scope",
            "inside the deadline, a scope",
            "completer afterwards: inside the deadline, a scope");
    System.out.println(seen);
    System.exit(seen.equals(expected) ? 0 : 1);
  }

  private static String scope() {
    return CancelScope.current() == null ? "no scope" : "a scope";
  }
}
