/**
 * The contract test kit: abstract JUnit Jupiter suites that every {@link
 * dev.tandem.api.AsyncFuture} implementation subclasses once. Shipped as the {@code tandem-api}
 * test-jar ({@code <type>test-jar</type>}); it needs {@code junit-jupiter} on the test class
 * path.
 */
@NullMarked
package dev.tandem.api.contract;

import org.jspecify.annotations.NullMarked;
