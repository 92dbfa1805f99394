package dev.tandem.publishing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every published artifact is in the staging repository that {@code mvn verify} deployed into
 * ({@code target/staging}, by the parent POM's {@code stage} execution), as Maven Central wants
 * it: POM, jar, sources and Javadoc jars, each with its MD5 and SHA-1 checksum (and its {@code
 * .asc} signature when signing is on), the jar and POM being the ones this build made.
 */
final class StagingRepositoryTest {
  private static final String GROUP_PATH = "dev/tandem";

  @BeforeAll
  static void stagedOnlyWhenOnline() {
    assumeFalse(
        Boolean.parseBoolean(PublishedModules.property("tandem.offline")),
        "offline build: maven-deploy-plugin refuses to run offline, so nothing was staged");
  }

  /** The published artifacts: the parent POM and every listed module. */
  static Stream<Staged> artifacts() {
    return Stream.concat(
        Stream.of(new Staged("tandem-parent", "pom", PublishedModules.root())),
        PublishedModules.listed().stream()
            .map(m -> new Staged(m.artifactId(), m.packaging(), m.directory())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("artifacts")
  void isStagedWithEverythingCentralRequires(Staged artifact) throws Exception {
    Path versionDir = staging().resolve(GROUP_PATH).resolve(artifact.artifactId).resolve(version());
    assertTrue(
        Files.isDirectory(versionDir),
        () -> artifact + " was not staged in " + versionDir + ": does its POM set maven.deploy.skip,"
            + " or did the build run with -Dmaven.deploy.skip=true?");
    SnapshotNames names = SnapshotNames.in(versionDir);

    List<String> missing = new ArrayList<>();
    List<String> expected = new ArrayList<>(List.of("pom"));
    if (artifact.packaging.equals("jar")) {
      expected.addAll(List.of("jar", "sources.jar", "javadoc.jar"));
    }
    for (String kind : expected) {
      Path file = versionDir.resolve(names.fileName(artifact.artifactId, kind));
      if (!Files.isRegularFile(file)) {
        missing.add(file.getFileName().toString());
        continue;
      }
      checkChecksum(file, "md5", "MD5", missing);
      checkChecksum(file, "sha1", "SHA-1", missing);
      if (!Boolean.parseBoolean(PublishedModules.property("tandem.gpgSkip"))
          && !Files.isRegularFile(file.resolveSibling(file.getFileName() + ".asc"))) {
        missing.add(file.getFileName() + ".asc");
      }
    }
    if (!missing.isEmpty()) {
      fail(artifact + " is staged in " + versionDir + " without " + missing
          + " (sources: maven-source-plugin in the parent; Javadoc: maven-javadoc-plugin declared"
          + " in the module, or Dokka's jar for Kotlin, see interop/pom.xml)");
    }

    Path stagedPom = versionDir.resolve(names.fileName(artifact.artifactId, "pom"));
    assertArrayEquals(
        Files.readAllBytes(artifact.directory.resolve("pom.xml")),
        Files.readAllBytes(stagedPom),
        () -> stagedPom + " is not this build's " + artifact.directory.resolve("pom.xml"));
    if (artifact.packaging.equals("jar")) {
      Path built = artifact.directory.resolve("target").resolve(artifact.artifactId + "-" + version() + ".jar");
      Path stagedJar = versionDir.resolve(names.fileName(artifact.artifactId, "jar"));
      assertArrayEquals(
          Files.readAllBytes(built),
          Files.readAllBytes(stagedJar),
          () -> stagedJar + " is not this build's " + built);
    }
    checkCentralMetadata(stagedPom, artifact);
  }

  /**
   * Central requires name, description, url, licences, developers and SCM in the effective POM:
   * every module names and describes itself; the parent and the BOM (which has no parent) carry
   * the rest.
   */
  private static void checkCentralMetadata(Path pom, Staged artifact) throws Exception {
    Element project = parse(pom).getDocumentElement();
    List<String> required = new ArrayList<>(List.of("name", "description"));
    if (artifact.artifactId.equals("tandem-parent") || artifact.artifactId.equals("tandem-bom")) {
      required.addAll(List.of("url", "licenses", "developers", "scm"));
    }
    for (String element : required) {
      NodeList found = project.getElementsByTagName(element);
      boolean present = false;
      for (int i = 0; i < found.getLength(); i++) {
        present |= found.item(i).getParentNode() == project && !found.item(i).getTextContent().isBlank();
      }
      assertTrue(present, artifact + "'s POM has no <" + element + ">, which Maven Central requires");
    }
  }

  private static void checkChecksum(Path file, String extension, String algorithm, List<String> missing)
      throws IOException, NoSuchAlgorithmException {
    Path sum = file.resolveSibling(file.getFileName() + "." + extension);
    if (!Files.isRegularFile(sum)) {
      missing.add(sum.getFileName().toString());
      return;
    }
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    assertEquals(expected, Files.readString(sum).trim().split("\\s+")[0], () -> sum + " does not match " + file);
  }

  private static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(xml.toFile());
  }

  private static Path staging() {
    return Path.of(PublishedModules.property("tandem.staging"));
  }

  private static String version() {
    return PublishedModules.version();
  }

  record Staged(String artifactId, String packaging, Path directory) {
    @Override
    public String toString() {
      return artifactId;
    }
  }

  /**
   * File names in a version directory: {@code ARTIFACT-VERSION[-CLASSIFIER].EXT} for a release,
   * with the latest snapshot's timestamp and build number for a snapshot (read from the
   * directory's {@code maven-metadata.xml}, as a Maven client would).
   */
  private record SnapshotNames(String value) {
    static SnapshotNames in(Path versionDir) throws Exception {
      if (!version().endsWith("-SNAPSHOT")) {
        return new SnapshotNames(version());
      }
      Path metadata = versionDir.resolve("maven-metadata.xml");
      assertTrue(Files.isRegularFile(metadata), () -> metadata + " is missing");
      Element snapshot = (Element) parse(metadata).getElementsByTagName("snapshot").item(0);
      String timestamp = snapshot.getElementsByTagName("timestamp").item(0).getTextContent().trim();
      String build = snapshot.getElementsByTagName("buildNumber").item(0).getTextContent().trim();
      return new SnapshotNames(version().replace("SNAPSHOT", timestamp + "-" + build));
    }

    /** {@code kind} is "pom", "jar" or "CLASSIFIER.jar". */
    String fileName(String artifactId, String kind) {
      int dot = kind.indexOf('.');
      return dot < 0
          ? artifactId + "-" + value + "." + kind
          : artifactId + "-" + value + "-" + kind.substring(0, dot) + kind.substring(dot);
    }
  }
}
