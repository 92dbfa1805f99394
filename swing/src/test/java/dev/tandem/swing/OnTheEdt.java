package dev.tandem.swing;

import java.awt.EventQueue;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/** Runs each test method on the event dispatch thread, as a Swing listener runs. */
final class OnTheEdt implements InvocationInterceptor {
  @Override
  public void interceptTestMethod(
      Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    EventQueue.invokeLater(
        () -> {
          try {
            done.complete(invocation.proceed());
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        });
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }
}
