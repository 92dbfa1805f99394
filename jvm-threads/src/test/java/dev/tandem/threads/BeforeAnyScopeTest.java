package dev.tandem.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A done callback registered while no cancel scope was ever current captures its user's values
 * only; where it then runs inside a deadline's block, it must still not see that deadline. Only a
 * fresh JVM has "no scope ever", so the check runs {@link BeforeAnyScopeMain} in one.
 */
class BeforeAnyScopeTest {

  @Test
  @Timeout(60)
  void aCallbackRegisteredBeforeAnyScope_runsOutsideTheCompletersDeadline_andALaterOneInsideItsOwn()
      throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BeforeAnyScopeMain.class.getName())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(50, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
  }
}
