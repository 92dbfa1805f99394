/**
 * Reliability verification across Tandem's modules: Lincheck model checking and stress tests of
 * the thread-safety claims, stress races, faults, bad input, leaks and stack depth. Nothing here
 * is published. {@link dev.tandem.reliability.Stress} says whether the short or the long forms
 * run.
 */
@NullMarked
package dev.tandem.reliability;

import org.jspecify.annotations.NullMarked;
