/**
 * Conformance with the type authors' own test kits: the JSR-166 TCK's {@code
 * CompletableFutureTest} (ported, public domain) and Guava's testlib ({@code
 * AbstractListenableFutureTest}, {@code MockFutureListener}, used as a dependency), run against
 * every {@code CompletableFuture} and {@code ListenableFuture} view Tandem hands out.
 *
 * <p>Each kit is an abstract suite; each view kind is one subclass that supplies only a factory
 * (and, where a documented Tandem rule differs from the JDK or Guava contract, says so in a
 * commented hook). A test that found a Tandem defect is kept as its kit wrote it, with a comment
 * naming the defect. Beside the kits, the matrices that need every kind of future at once: context
 * propagation through each conversion ({@code ContextConversionMatrixTest}) and the release of
 * captured snapshots ({@code ContextSnapshotReleaseTest}). Nothing here is published; there is no
 * main code.
 */
@NullMarked
package dev.tandem.conformance;

import org.jspecify.annotations.NullMarked;
