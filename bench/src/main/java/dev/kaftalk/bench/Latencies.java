package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Send-to-receive latency of every delivery, in microseconds, recorded from any thread. */
final class Latencies {

  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);

  void record(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1000));
  }

  /** What was recorded since the last call (and added to the total). */
  synchronized Histogram interval() {
    Histogram interval = recorder.getIntervalHistogram();
    total.add(interval);
    return interval;
  }

  synchronized Histogram total() {
    interval();
    return total.copy();
  }

  /** {@code {count, p50, p90, p99, p999, max, mean}} in milliseconds. */
  static JsonObject summary(Histogram micros) {
    return new JsonObject()
        .put("count", micros.getTotalCount())
        .put("p50", ms(micros.getValueAtPercentile(50)))
        .put("p90", ms(micros.getValueAtPercentile(90)))
        .put("p99", ms(micros.getValueAtPercentile(99)))
        .put("p999", ms(micros.getValueAtPercentile(99.9)))
        .put("max", ms(micros.getMaxValue()))
        .put("mean", Math.round(micros.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
