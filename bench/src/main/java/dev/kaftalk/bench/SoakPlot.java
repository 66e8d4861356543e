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

/** A soak's per-minute series as a PNG: heap after GC, threads, open descriptors and sockets against time. */
final class SoakPlot {

  private SoakPlot() {
  }

  static Path write(Path dir, String name, JsonObject soak) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<JsonObject> points = soak.getJsonArray("series", new JsonArray()).stream().map(JsonObject.class::cast).toList();
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title(String.format("Kaftalk soak: %d steady sockets at %.0f msg/s, tabs connecting and closing",
            soak.getInteger("users") * soak.getInteger("tabs"), soak.getDouble("targetMsgsPerSecond", 0.0)))
        .xAxisTitle("minute").yAxisTitle("server, sampled every minute").build();
    List<Double> minutes = points.stream().map(p -> p.getDouble("minute")).toList();
    for (String key : List.of("heapAfterGcMiB", "threads", "openFds", "sockets")) {
      chart.addSeries(key, minutes, points.stream().map(p -> p.getDouble(key)).toList()).setMarker(SeriesMarkers.NONE);
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /** {@code bench/run soakplot --from=bench/results/soak-....json}: plots a finished (or cut short) soak again. */
  static JsonObject replot(Options options) throws IOException {
    Path from = Path.of(options.text("from", ""));
    JsonObject soak = new JsonObject(Files.readString(from));
    String name = from.getFileName().toString().replaceFirst("\\.json$", "");
    Path png = write(from.getParent(), name, soak);
    return new JsonObject().put("from", from.toString()).put("summary", "plotted " + png);
  }
}
