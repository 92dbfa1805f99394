/**
 * Checks of what Tandem publishes, run by {@code mvn -B verify} after every published module has
 * been built and staged: {@link dev.tandem.publishing.PublishedModulesTest} (the list of
 * published modules is complete), {@link dev.tandem.publishing.StagingRepositoryTest} (each is
 * staged with its jar, sources, Javadoc, POM and checksums), {@link
 * dev.tandem.publishing.ApiDumpTest} (each jar's public API matches its committed dump) and
 * {@link dev.tandem.publishing.ModulePathTest} (Java and Kotlin programs run on the module path).
 * How to publish and how to update a dump: {@code docs/publishing.md}.
 */
@NullMarked
package dev.tandem.publishing;

import org.jspecify.annotations.NullMarked;
