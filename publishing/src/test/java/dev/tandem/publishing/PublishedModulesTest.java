package dev.tandem.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class PublishedModulesTest {
  private static final Pattern PLUGIN =
      Pattern.compile("<artifactId>([^<]+-plugin)</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void everyModuleTheBuildPublishesIsCheckedHere() {
    List<String> published = PublishedModules.publishedByTheBuild();
    assertEquals(
        published.stream().sorted().toList(),
        PublishedModules.listedFolders().stream().sorted().toList(),
        () -> "The root POM's modules that do not set maven.deploy.skip are published; each must be"
            + " listed in tandem.published in publishing/pom.xml and be a dependency there, with"
            + " a module-info.java and an API dump (docs/publishing.md). Published by the build: "
            + published);
  }

  @Test
  void theBomStagesWithTheParentsPluginVersions() {
    Map<String, String> parent = pluginVersions(PublishedModules.read(PublishedModules.root().resolve("pom.xml")));
    Map<String, String> bom =
        pluginVersions(PublishedModules.read(PublishedModules.root().resolve("bom").resolve("pom.xml")));
    assertFalse(bom.isEmpty(), "bom/pom.xml pins no plugin: it cannot stage itself");
    Map<String, String> parentsOfBoms = new TreeMap<>();
    bom.keySet().forEach(plugin -> parentsOfBoms.put(plugin, parent.get(plugin)));
    assertEquals(
        parentsOfBoms,
        bom,
        "bom/pom.xml repeats the parent's publishing plugins (it has no parent): keep the versions"
            + " equal to the root pom.xml's pluginManagement");
  }

  private static Map<String, String> pluginVersions(String pom) {
    Map<String, String> versions = new TreeMap<>();
    Matcher plugin = PLUGIN.matcher(pom);
    while (plugin.find()) {
      versions.putIfAbsent(plugin.group(1), plugin.group(2));
    }
    return versions;
  }
}
