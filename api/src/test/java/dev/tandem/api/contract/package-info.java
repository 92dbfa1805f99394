/**
 * The contract test kit: abstract JUnit Jupiter suites subclassed once per implementation,
 * {@link dev.tandem.api.contract.AsyncFutureContract} by every {@link
 * dev.tandem.api.AsyncFuture} and {@link dev.tandem.api.contract.EventLoopContract} by every
 * {@link dev.tandem.api.EventLoop}. Shipped as the {@code tandem-api} test-jar ({@code
 * <type>test-jar</type>}); it needs {@code junit-jupiter} on the test class path, nothing else.
 */
@NullMarked
package dev.tandem.api.contract;

import org.jspecify.annotations.NullMarked;
