/**
 * Tandem on Swing: {@link dev.tandem.swing.SwingLoops} hosts Tandem's event loop on the AWT
 * event dispatch thread, so desktop code gets loop futures whose callbacks always run on the UI
 * thread (what kotlinx's {@code Dispatchers.Swing} gives coroutines, for Java callbacks and
 * futures). It needs no window and runs headless.
 *
 * <p>What is not here: the hosted loop itself ({@code EventLoops.hosted} in {@code tandem-loop};
 * what differs from an own loop is written there) or any Swing component.
 */
@NullMarked
package dev.tandem.swing;

import org.jspecify.annotations.NullMarked;
