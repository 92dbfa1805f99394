package dev.tandem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

final class ExceptionsTest {

  @Test
  void cancelledException_isAJdkCancellationExceptionCarryingTheMessage() {
    Exception e = new CancelledException("stop");
    assertInstanceOf(CancellationException.class, e);
    assertEquals("stop", e.getMessage());
    assertNull(new CancelledException(null).getMessage());
  }

  @Test
  void stateExceptions_areIllegalStateExceptions() {
    assertInstanceOf(IllegalStateException.class, new InvalidStateException("early"));
    assertInstanceOf(IllegalStateException.class, new WrongThreadException("thread"));
    assertInstanceOf(IllegalStateException.class, new BlockingOnLoopException("blocking"));
  }
}
