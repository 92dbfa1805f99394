package dev.tandem.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * A horizontal bar chart drawn with JFreeChart, one group of bars per benchmark row, one bar per
 * competitor. Two kinds:
 *
 * <ul>
 *   <li>{@link #ratios()}: competitor ÷ Tandem on a log axis with a line at 1, each bar with an
 *       error bar (the ratio's error, propagated from the two scores' errors; see {@link
 *       Report.Ratio}).
 *   <li>{@link #allocation()}: bytes allocated per operation ({@code gc.alloc.rate.norm}) on a
 *       linear axis, Tandem's bars beside the competitors', each with its error bar.
 * </ul>
 */
final class Chart {
  private record Bar(String category, String series, double value, double error) {}

  private final boolean ratios;
  private final List<Bar> bars = new ArrayList<>();

  private Chart(boolean ratios) {
    this.ratios = ratios;
  }

  /** The ratio chart: competitor ÷ Tandem, log axis, line at 1. */
  static Chart ratios() {
    return new Chart(true);
  }

  /** The allocation chart: bytes per operation, linear axis from 0. */
  static Chart allocation() {
    return new Chart(false);
  }

  /**
   * Adds one bar; {@code error} is its half-width (NaN: none known). A bar whose value cannot be
   * drawn on the axis (not finite, or not positive on the log axis) is left out.
   */
  void add(String category, String series, double value, double error) {
    boolean drawable = Double.isFinite(value) && (ratios ? value > 0 : value >= 0);
    if (drawable) {
      bars.add(new Bar(category, series, value, Double.isFinite(error) ? Math.abs(error) : 0));
    }
  }

  int size() {
    return bars.size();
  }

  /** The error half-width of the bar {@code series} in {@code category}; NaN if there is none. */
  double error(String category, String series) {
    return bars.stream()
        .filter(b -> b.category().equals(category) && b.series().equals(series))
        .mapToDouble(Bar::error)
        .findFirst()
        .orElse(Double.NaN);
  }

  void write(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    Set<String> categories = new LinkedHashSet<>();
    double min = ratios ? 1 : 0;
    double max = 1;
    for (Bar b : bars) {
      data.add(b.value(), b.error(), b.series(), b.category());
      categories.add(b.category());
      double low = b.value() - b.error();
      min = Math.min(min, low > 0 ? low : b.value());
      max = Math.max(max, b.value() + b.error());
    }

    ValueAxis values;
    if (ratios) {
      LogAxis log =
          new LogAxis(
              "competitor time (or bytes) ÷ Tandem's — right of 1: Tandem is faster;"
                  + " whiskers: the ratio's error");
      log.setBase(10);
      log.setSmallestValue(1e-3);
      log.setRange(Math.max(1e-3, min / 1.5), max * 1.5);
      log.setTickUnit(new NumberTickUnit(1));
      log.setMinorTickMarksVisible(true);
      log.setNumberFormatOverride(new DecimalFormat("0.###"));
      values = log;
    } else {
      NumberAxis linear =
          new NumberAxis("bytes allocated per operation (gc.alloc.rate.norm) — lower is better");
      linear.setRange(0, max * 1.08);
      linear.setNumberFormatOverride(new DecimalFormat("#,##0"));
      values = linear;
    }

    CategoryAxis benchmarks = new CategoryAxis();
    benchmarks.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    benchmarks.setCategoryMargin(0.25);
    benchmarks.setMaximumCategoryLabelWidthRatio(0.4f);

    ErrorBarRenderer renderer = new ErrorBarRenderer(data);
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    // Ratio bars grow from 1 to the ratio (left means Tandem is slower); allocation from 0.
    renderer.setBase(ratios ? 1 : 0);
    renderer.setDrawBarOutline(false);
    Color[] palette = {
      new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
      new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C),
      new Color(0xCCB974), new Color(0x64B5CD)
    };
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, palette[i % palette.length]);
    }

    CategoryPlot plot = new CategoryPlot(data, benchmarks, values, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinesVisible(true);
    plot.setInsets(new RectangleInsets(8, 8, 8, 24));
    if (ratios) {
      ValueMarker one = new ValueMarker(1, Color.BLACK, new BasicStroke(2f));
      one.setLabel("Tandem");
      one.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      plot.addRangeMarker(one);
    }

    JFreeChart chart =
        new JFreeChart(
            ratios
                ? "Tandem versus the alternatives (competitor ÷ Tandem, log scale, with error bars)"
                : "Bytes allocated per operation, Tandem beside the alternatives",
            new Font(Font.SANS_SERIF, Font.BOLD, 16),
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    int height = 160 + Math.max(1, categories.size()) * Math.max(24, 8 * data.getRowCount());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, Math.min(height, 4000));
  }

  /**
   * A bar renderer that also draws each bar's error (the dataset's standard-deviation column,
   * here JMH's half-width or its propagation) as a whisker with caps across the bar's end. Unlike
   * JFreeChart's {@code StatisticalBarRenderer}, whose bars always start at 0, it keeps the bar
   * base (1 on the ratio chart's log axis).
   */
  private static final class ErrorBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;

    private final transient DefaultStatisticalCategoryDataset errors;

    ErrorBarRenderer(DefaultStatisticalCategoryDataset errors) {
      this.errors = errors;
    }

    @Override
    public void drawItem(
        Graphics2D g2,
        CategoryItemRendererState state,
        Rectangle2D dataArea,
        CategoryPlot plot,
        CategoryAxis domainAxis,
        ValueAxis rangeAxis,
        CategoryDataset dataset,
        int row,
        int column,
        int pass) {
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      int visibleRow = state.getVisibleSeriesIndex(row);
      Number mean = errors.getMeanValue(row, column);
      Number error = errors.getStdDevValue(row, column);
      if (visibleRow < 0 || mean == null || error == null || error.doubleValue() <= 0) {
        return;
      }
      double low = mean.doubleValue() - error.doubleValue();
      double high = mean.doubleValue() + error.doubleValue();
      double floor = rangeAxis.getLowerBound();
      low = Math.max(low, floor); // a whisker past the axis's end stops there
      PlotOrientation orientation = plot.getOrientation();
      RectangleEdge edge = plot.getRangeAxisEdge();
      double w0 = calculateBarW0(plot, orientation, dataArea, domainAxis, state, visibleRow, column);
      double middle = w0 + state.getBarWidth() / 2;
      double cap = Math.max(2, state.getBarWidth() / 4);
      double l0 = rangeAxis.valueToJava2D(low, dataArea, edge);
      double l1 = rangeAxis.valueToJava2D(high, dataArea, edge);
      g2.setPaint(Color.BLACK);
      g2.setStroke(new BasicStroke(1f));
      if (orientation == PlotOrientation.HORIZONTAL) {
        g2.draw(new Line2D.Double(l0, middle, l1, middle));
        g2.draw(new Line2D.Double(l0, middle - cap, l0, middle + cap));
        g2.draw(new Line2D.Double(l1, middle - cap, l1, middle + cap));
      } else {
        g2.draw(new Line2D.Double(middle, l0, middle, l1));
        g2.draw(new Line2D.Double(middle - cap, l0, middle + cap, l0));
        g2.draw(new Line2D.Double(middle - cap, l1, middle + cap, l1));
      }
    }
  }
}
