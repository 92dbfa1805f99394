package dev.tandem.publishing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tandem.publishing.PublishedModules.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public API of every published jar, as {@link ApiDump} reads it, equals its committed dump
 * {@code FOLDER/api/tandem-FOLDER.api}; a change shows as a diff in the failure and in review.
 * {@code -Dtandem.api.update=true} rewrites the dumps instead ({@link PublishedModules#UPDATE_COMMAND}).
 */
final class ApiDumpTest {
  static List<Module> jars() {
    return PublishedModules.jars();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jars")
  void publicApiIsTheCommittedDump(Module module) throws Exception {
    Path jar = module.builtJar();
    assertTrue(Files.isRegularFile(jar), () -> jar + " is missing: build the published modules first (-am)");
    String built = ApiDump.ofJar(jar, module.artifactId());
    assertTrue(built.contains("\nmodule "), () -> jar + " has no module-info.class");
    Path dump = module.apiDump();
    if (Boolean.parseBoolean(PublishedModules.property("tandem.api.update"))) {
      Files.createDirectories(dump.getParent());
      Files.writeString(dump, built);
      System.out.println("wrote " + dump);
      return;
    }
    if (!Files.isRegularFile(dump)) {
      fail(dump + " does not exist. Write it (and every other dump) with:\n  " + PublishedModules.UPDATE_COMMAND);
    }
    String committed = Files.readString(dump).replace("\r\n", "\n");
    if (!committed.equals(built)) {
      fail("The public API of " + module + " is not " + PublishedModules.root().relativize(dump)
          + " (- committed, + built). If the change is meant, regenerate the dumps and commit them:\n  "
          + PublishedModules.UPDATE_COMMAND + "\n" + LineDiff.of(committed, built));
    }
  }
}
