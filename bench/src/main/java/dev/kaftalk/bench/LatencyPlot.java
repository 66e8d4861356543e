package dev.kaftalk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The latency-vs-rate chart of a saturation run (XChart, PNG): p50, p99 and p99.9 against deliveries asked per second. */
final class LatencyPlot {

  private LatencyPlot() {
  }

  static Path write(Path dir, String name, JsonArray steps, double p99LimitMs, String subtitle) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title("Kaftalk send-to-receive latency vs load (" + subtitle + ")")
        .xAxisTitle("deliveries per second asked (msg/s x sockets per room)").yAxisTitle("latency (ms, log scale)")
        .build();
    chart.getStyler().setYAxisLogarithmic(true);
    List<JsonObject> points = steps.stream().map(JsonObject.class::cast).toList();
    List<Double> x = points.stream().map(p -> p.getDouble("targetDeliveriesPerSecond")).toList();
    for (String percentile : List.of("p50", "p99", "p999")) {
      chart.addSeries(percentile.equals("p999") ? "p99.9" : percentile, x,
              points.stream().map(p -> Math.max(0.1, p.getJsonObject("latencyMs").getDouble(percentile))).toList())
          .setMarker(SeriesMarkers.CIRCLE);
    }
    chart.addSeries("p99 limit " + (int) p99LimitMs + " ms", List.of(x.get(0), x.get(x.size() - 1)),
        List.of(p99LimitMs, p99LimitMs)).setMarker(SeriesMarkers.NONE);
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
