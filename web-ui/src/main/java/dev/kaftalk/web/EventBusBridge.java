package dev.kaftalk.web;

import dev.kaftalk.model.HttpSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/** The SockJS event-bus bridge at {@code /eventbus}. Nothing is permitted through it yet. */
final class EventBusBridge {

  private EventBusBridge() {
  }

  static Router router(Vertx vertx, HttpSettings http) {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setMaxHandlersPerSocket(4);
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setMaxBytesStreaming(http.maxFrameBytes()));
    return sockJS.bridge(options, event -> event.complete(true));
  }
}
