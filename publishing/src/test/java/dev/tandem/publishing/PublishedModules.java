package dev.tandem.publishing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published modules as the build describes them: the folders listed in {@code
 * publishing/pom.xml} ({@code tandem.published}), each with artifactId {@code tandem-FOLDER}, and
 * the paths the checks read. Values come from the system properties that the publishing
 * module's surefire configuration sets.
 */
final class PublishedModules {
  /** The command that rewrites every API dump from the built jars (docs/publishing.md). */
  static final String UPDATE_COMMAND =
      "mvn -B verify -pl publishing -am -Dtandem.api.update=true -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false";

  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern PACKAGING = Pattern.compile("<packaging>([^<]+)</packaging>");

  private PublishedModules() {}

  /** One published module: its folder, artifactId and packaging. */
  record Module(String folder, String artifactId, String packaging) {
    boolean isJar() {
      return packaging.equals("jar");
    }

    Path directory() {
      return root().resolve(folder);
    }

    /** The jar this build made: {@code FOLDER/target/ARTIFACT-VERSION.jar}. */
    Path builtJar() {
      return directory().resolve("target").resolve(artifactId + "-" + version() + ".jar");
    }

    /** The committed API dump: {@code FOLDER/api/ARTIFACT.api}. */
    Path apiDump() {
      return directory().resolve("api").resolve(artifactId + ".api");
    }

    @Override
    public String toString() {
      return artifactId;
    }
  }

  /** The modules listed in {@code tandem.published}, in that order. */
  static List<Module> listed() {
    List<Module> modules = new ArrayList<>();
    for (String folder : property("tandem.published").trim().split("\\s+")) {
      modules.add(module(folder));
    }
    return modules;
  }

  /** The listed modules that publish a jar. */
  static List<Module> jars() {
    return listed().stream().filter(Module::isJar).toList();
  }

  /** The module in {@code folder}, read from its POM. */
  static Module module(String folder) {
    String pom = read(root().resolve(folder).resolve("pom.xml"));
    Matcher packaging = PACKAGING.matcher(pom);
    return new Module(folder, "tandem-" + folder, packaging.find() ? packaging.group(1) : "jar");
  }

  /**
   * The folders of the root POM's modules that do not set {@code maven.deploy.skip} to true,
   * that is, the modules the build publishes.
   */
  static List<String> publishedByTheBuild() {
    List<String> folders = new ArrayList<>();
    Matcher module = MODULE.matcher(read(root().resolve("pom.xml")));
    while (module.find()) {
      String folder = module.group(1).trim();
      String pom = read(root().resolve(folder).resolve("pom.xml"));
      if (!pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        folders.add(folder);
      }
    }
    return folders;
  }

  static List<String> listedFolders() {
    return Arrays.asList(property("tandem.published").trim().split("\\s+"));
  }

  static Path root() {
    return Path.of(property("tandem.root")).toAbsolutePath().normalize();
  }

  static String version() {
    return property("tandem.version");
  }

  static String property(String name) {
    return Objects.requireNonNull(
        System.getProperty(name),
        () -> "system property " + name + " is not set: run the publishing checks through Maven");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
