/**
 * Turns a JMH JSON result file and the retained-size measurement into {@code
 * docs/benchmarks.md} and its chart: {@link dev.tandem.benchmarks.report.Report} is the entry
 * point that {@code scripts/run-benchmarks.sh} runs.
 */
@NullMarked
package dev.tandem.benchmarks.report;

import org.jspecify.annotations.NullMarked;
