package dev.tandem.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The published jars work as JPMS modules: a Java program and a Kotlin program, each compiled as
 * a module against them by the build (src/smoke/java and src/main), run with {@code java
 * --module-path … -m module/main}, no class path, against the jars this build made and their
 * dependencies (copied to {@code target/module-path} by maven-dependency-plugin). JSpecify is
 * left off the module path: it is needed to compile against Tandem ({@code requires static}),
 * not to run it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class ModulePathTest {
  @Test
  void javaProgramUsesEveryJavaModuleWithoutKotlinOnTheModulePath() throws Exception {
    List<Path> modulePath = new ArrayList<>(List.of(Path.of(PublishedModules.property("tandem.javaSmoke"))));
    modulePath.addAll(jars(name -> !name.startsWith("kotlin") && !name.startsWith("annotations-")
        && !name.startsWith("tandem-interop") && !name.startsWith("jspecify")));

    List<String> output = run(modulePath, "dev.tandem.smoke.java/dev.tandem.smoke.java.JavaSmoke");

    assertEquals("gather [hello, 42]", output.get(0), () -> String.join("\n", output));
    assertEquals("mono 42", output.get(1));
    assertTrue(output.get(2).matches("metrics [1-9][0-9]*\\.0"), output.get(2));
    assertEquals("context r-1", output.get(3));
    assertEquals("netty true", output.get(4));
    assertEquals("swing true", output.get(5));
    assertEquals(
        "modules [dev.tandem.api, dev.tandem.context, dev.tandem.loop, dev.tandem.micrometer,"
            + " dev.tandem.netty, dev.tandem.reactor, dev.tandem.smoke.java, dev.tandem.swing,"
            + " dev.tandem.threads]",
        output.get(6));
  }

  @Test
  void kotlinProgramUsesTheKotlinModuleWithCoroutinesAsNamedModules() throws Exception {
    List<Path> modulePath = new ArrayList<>(List.of(Path.of(PublishedModules.property("tandem.kotlinSmoke"))));
    modulePath.addAll(jars(name -> !name.startsWith("jspecify")));

    List<String> output = run(modulePath, "dev.tandem.smoke.kotlin/dev.tandem.smoke.kotlin.KotlinSmoke");

    assertEquals("coroutine answer 42", output.get(0), () -> String.join("\n", output));
    assertEquals(
        "modules [dev.tandem.api, dev.tandem.interop, dev.tandem.loop, dev.tandem.smoke.kotlin,"
            + " dev.tandem.threads, kotlin.stdlib, kotlinx.coroutines.core]",
        output.get(1));
  }

  /** The run-time jars of the published modules whose file name passes {@code keep}. */
  private static List<Path> jars(java.util.function.Predicate<String> keep) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(PublishedModules.property("tandem.modulePath")))) {
      return files.filter(f -> keep.test(f.getFileName().toString())).sorted().toList();
    }
  }

  /** Runs {@code java --module-path … -m module} and returns its output lines (exit status 0). */
  private static List<String> run(List<Path> modulePath, String module) throws Exception {
    Path log = Files.createTempFile(work(), "run", ".log");
    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", // a short program: start fast
            "-Djava.awt.headless=true",
            "--module-path", joined(modulePath),
            "-m", module)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(exited, () -> module + " did not exit within 60 s:\n" + output);
    assertEquals(0, process.exitValue(), () -> module + " failed:\n" + output);
    return output.lines().toList();
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static Path work() throws IOException {
    return Files.createDirectories(Path.of(PublishedModules.property("tandem.work")));
  }
}
