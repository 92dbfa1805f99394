package dev.tandem.api;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

final class FailuresTest {

  @Test
  void unwrap_stripsNestedCompletionAndExecutionWrappers() {
    IOException original = new IOException("disk");
    Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(original)));
    assertSame(original, Failures.unwrap(wrapped));
  }

  @Test
  void unwrap_returnsAnUnwrappedFailureItself() {
    IllegalStateException original = new IllegalStateException("x");
    assertSame(original, Failures.unwrap(original));
  }

  @Test
  void unwrap_keepsOtherWrappersAndWhatTheyWrap() {
    RuntimeException other = new RuntimeException(new CompletionException(new IOException()));
    assertSame(other, Failures.unwrap(other));
  }

  @Test
  void unwrap_ofAWrapperWithoutCause_returnsThatWrapper() {
    CompletionException empty = new CompletionException("no cause", null);
    assertSame(empty, Failures.unwrap(new ExecutionException(empty)));
  }

  @Test
  void unwrap_ofNull_namesTheArgument() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Failures.unwrap(null));
    org.junit.jupiter.api.Assertions.assertEquals("failure", e.getMessage());
  }
}
