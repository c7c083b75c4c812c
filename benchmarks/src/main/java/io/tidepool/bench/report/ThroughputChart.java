/*
 * Copyright 2026 the tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.tidepool.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws the comparison as a grouped bar chart (XChart): one group per shape, one bar per
 * executor, throughput in millions per second on a logarithmic axis (the shapes span two
 * orders of magnitude). Rendered headless to PNG.
 */
final class ThroughputChart {
    private static final Color[] COLORS = {
        new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3), new Color(0xe7298a), new Color(0x66a61e)
    };

    private ThroughputChart() {
    }

    /**
     * Writes the chart to {@code png}.
     *
     * @return false, writing nothing, when no throughput cell was measured
     */
    static boolean write(Comparison c, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(560).title(title)
                .xAxisTitle("shape").yAxisTitle("million per second (log scale)").build();
        CategoryStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisLabelRotation(20);
        styler.setSeriesColors(COLORS);
        styler.setChartBackgroundColor(Color.WHITE);
        List<String> rows = c.rows();
        if (rows.stream().noneMatch(r -> c.executors().stream().anyMatch(e -> c.cell(r, e) != null))) {
            return false;
        }
        double smallest = Double.MAX_VALUE;
        for (String e : c.executors()) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (String row : rows) {
                Measured m = c.cell(row, e);
                xs.add(row);
                // a missing cell is drawn as no bar: XChart skips null values
                ys.add(m == null ? null : m.score() / 1e6);
                if (m != null && m.score() > 0) {
                    smallest = Math.min(smallest, m.score() / 1e6);
                }
            }
            if (ys.stream().anyMatch(v -> v != null)) {
                chart.addSeries(e, xs, ys);
            }
        }
        // bars start at the axis minimum: anchor it at the power of ten below the smallest bar
        // (XChart anchors bar charts at zero otherwise, which a log axis cannot show)
        styler.setYAxisMin(smallest == Double.MAX_VALUE ? 0.1 : Math.pow(10, Math.floor(Math.log10(smallest))));
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmapWithDPI(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
        return true;
    }
}
