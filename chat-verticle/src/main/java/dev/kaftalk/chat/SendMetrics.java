package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;

import java.util.function.Function;

/**
 * Kaftalk's own meters for sends: how many were accepted or refused and why, and the two halves of an accepted
 * send's path, so a slow reply can be pinned on Kafka's acknowledgement or on this instance applying the record
 * (which is when it is pushed to the room's inboxes).
 */
final class SendMetrics {

  private final MeterRegistry registry;
  private final Timer toAck;
  private final Timer toFanOut;

  SendMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.toAck = Timer.builder("kaftalk.send.ack")
        .description("From a send entering the room door to Kafka acknowledging its record (acks=all)")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.toFanOut = Timer.builder("kaftalk.send.fanout")
        .description("From Kafka's acknowledgement to this instance applying the record and pushing it to inboxes")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Stops {@code sample} on the ack timer and returns a new sample for the fan-out half. */
  Timer.Sample acked(Timer.Sample sample) {
    sample.stop(toAck);
    return Timer.start(registry);
  }

  void fannedOut(Timer.Sample sample) {
    sample.stop(toFanOut);
  }

  /** {@code handler}, counting each of its answers as accepted, or refused with the status it fails with. */
  <T> Function<Message<?>, Future<T>> counted(Function<Message<?>, Future<T>> handler) {
    return msg -> Requests.call(msg, handler).onComplete(ar -> registry.counter("kaftalk.sends",
        "outcome", ar.succeeded() ? "accepted" : "refused",
        "reason", ar.succeeded() ? "none" : reason(ar.cause())).increment());
  }

  private static String reason(Throwable cause) {
    return cause instanceof ServiceException e ? Integer.toString(e.status) : "500";
  }
}
