package dev.tandem.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A horizontal bar chart of competitor ÷ Tandem ratios, one group of bars per benchmark, on a
 * log axis with a line at 1, drawn with JFreeChart.
 */
final class Chart {
  private record Bar(String category, String competitor, double ratio) {}

  private final List<Bar> bars = new ArrayList<>();

  void add(String category, String competitor, double ratio) {
    if (Double.isFinite(ratio) && ratio > 0) {
      bars.add(new Bar(category, competitor, ratio));
    }
  }

  int size() {
    return bars.size();
  }

  void write(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Set<String> categories = new LinkedHashSet<>();
    double min = 1;
    double max = 1;
    for (Bar b : bars) {
      data.addValue(b.ratio(), b.competitor(), b.category());
      categories.add(b.category());
      min = Math.min(min, b.ratio());
      max = Math.max(max, b.ratio());
    }

    LogAxis values = new LogAxis("competitor time (or bytes) ÷ Tandem's — right of 1: Tandem is faster");
    values.setBase(10);
    values.setSmallestValue(1e-3);
    values.setRange(Math.max(1e-3, min / 1.5), max * 1.5);
    values.setTickUnit(new NumberTickUnit(1));
    values.setMinorTickMarksVisible(true);
    values.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));

    CategoryAxis benchmarks = new CategoryAxis();
    benchmarks.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    benchmarks.setCategoryMargin(0.25);
    benchmarks.setMaximumCategoryLabelWidthRatio(0.4f);

    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    renderer.setBase(1); // bars grow from 1 to the ratio: left means Tandem is slower
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
    ValueMarker one = new ValueMarker(1, Color.BLACK, new BasicStroke(2f));
    one.setLabel("Tandem");
    one.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    plot.addRangeMarker(one);

    JFreeChart chart =
        new JFreeChart(
            "Tandem versus the alternatives (competitor ÷ Tandem, log scale)",
            new Font(Font.SANS_SERIF, Font.BOLD, 16),
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    int height = 160 + Math.max(1, categories.size()) * Math.max(24, 8 * data.getRowCount());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, Math.min(height, 4000));
  }
}
