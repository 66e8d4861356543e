package dev.kaftalk.web;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class EdgeStartupTest {

  @Test
  void theEdgeDoesNotStartWithoutASessionSecret(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 0)).put("web", new JsonObject());
    vertx.deployVerticle(new EdgeVerticle(), new DeploymentOptions().setConfig(config))
        .onComplete(testContext.failing(failure -> testContext.verify(() -> {
          assertInstanceOf(ConfigException.class, failure);
          assertTrue(failure.getMessage().contains("web.sessionSecret"), failure.getMessage());
          testContext.completeNow();
        })));
  }
}
