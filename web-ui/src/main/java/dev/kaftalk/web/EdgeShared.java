package dev.kaftalk.web;

import dev.kaftalk.model.MediaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the edge's instances ({@code http.edgeInstances}, each on its own event loop) share within one Vert.x
 * instance: the attempt limits per client address and per user, the count of open bridge sockets, the encoder of
 * inbox frames and the throttle of client-provoked warnings. Every instance takes the same object from a local map,
 * so a limit holds for a user whichever instance serves each of their connections. Everything here is thread-safe.
 */
final class EdgeShared implements Shareable {

  private static final String MAP = "kaftalk.edge";
  private static final int WARNINGS_PER_MINUTE = 20;

  final AttemptRateLimiter logins;
  final AttemptRateLimiter registrations;
  final AttemptRateLimiter uploads;
  final AtomicInteger openSockets = new AtomicInteger();
  final FrameEncoder encoder = new FrameEncoder();
  final ThrottledWarnings screeningWarnings = new ThrottledWarnings(LoggerFactory.getLogger(ScreenedSocket.class),
      WARNINGS_PER_MINUTE, System::currentTimeMillis);

  private EdgeShared(WebSettings web, MediaSettings media, MeterRegistry meters) {
    logins = new AttemptRateLimiter(web.loginAttemptsPerMinute(), System::currentTimeMillis);
    registrations = new AttemptRateLimiter(web.registrationsPerMinute(), System::currentTimeMillis);
    uploads = new AttemptRateLimiter(media.uploadsPerMinute(), System::currentTimeMillis);
    Gauge.builder("kaftalk.bridge.sockets", openSockets, AtomicInteger::get).description("Open bridge sockets")
        .register(meters);
  }

  /** The edge's shared state on {@code vertx}, made by the first edge instance that asks (all have one config). */
  static EdgeShared of(Vertx vertx, WebSettings web, MediaSettings media, MeterRegistry meters) {
    LocalMap<String, EdgeShared> map = vertx.sharedData().getLocalMap(MAP);
    return map.computeIfAbsent(MAP, key -> new EdgeShared(web, media, meters));
  }

  /** Forgets finished windows; each instance calls it on its timer, which costs little more than one would. */
  void purge() {
    logins.purge();
    registrations.purge();
    uploads.purge();
  }
}
