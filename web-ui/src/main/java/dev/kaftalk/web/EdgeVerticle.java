package dev.kaftalk.web;

import dev.kaftalk.model.HttpSettings;
import dev.kaftalk.model.MediaSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP edge: the one HTTP server, serving the browser app, the REST API, health, metrics and the SockJS
 * event-bus bridge. It holds no chat state; it passes commands on to the services over the event bus, always
 * naming the user from the verified session.
 */
public final class EdgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticle.class);
  private static final long LIMITER_PURGE_MS = 60_000;
  /** An upload call covers inspecting, storing and posting a whole file. */
  private static final long UPLOAD_TIMEOUT_MS = 60_000;
  /** Concurrent media downloads streamed from the store; more wait for a connection. */
  private static final int STORE_CONNECTIONS = 64;

  private final PrometheusMeterRegistry meters;
  private HttpServer server;
  private Router router;

  public EdgeVerticle() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** @param meters the instance's registry: Vert.x's own metrics and Kaftalk's, scraped at {@code /metrics} */
  public EdgeVerticle(PrometheusMeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    HttpSettings http = HttpSettings.fromJson(config().getJsonObject("http", new JsonObject()));
    WebSettings web = WebSettings.fromJson(config().getJsonObject("web", new JsonObject()));
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        .setMaxWebSocketFrameSize(http.maxFrameBytes())
        .setMaxWebSocketMessageSize(http.maxFrameBytes()));
    router = Router.router(vertx);
    return mountRoutes(router, http, web)
        .compose(v -> server.requestHandler(router).listen())
        .onSuccess(s -> LOG.info("HTTP edge instance listening on {}:{} on {}", http.host(), s.actualPort(),
            Thread.currentThread().getName()));
  }

  /** The port actually bound, which differs from the configured one when that is 0. */
  /** The REST endpoints served, as {@code "METHOD /path/:param"}: what an authorization review must cover. */
  public Set<String> apiRoutes() {
    Set<String> routes = new TreeSet<>();
    router.getRoutes().stream()
        .filter(route -> route.getPath() != null && route.getPath().startsWith("/api/") && !route.getPath().endsWith("*")
            && route.methods() != null)
        .forEach(route -> route.methods().forEach(method -> routes.add(method.name() + " " + route.getPath())));
    return routes;
  }

  public int port() {
    return server.actualPort();
  }

  private Future<Void> mountRoutes(Router router, HttpSettings http, WebSettings web) {
    SessionRevocations revocations = new SessionRevocations(vertx.eventBus());
    SessionCookies cookies = new SessionCookies(
        new SessionTokens(web.sessionSecret(), Duration.ofHours(web.sessionTtlHours()), Clock.systemUTC()),
        revocations, web.cookieSecure());
    OriginPolicy origins = new OriginPolicy(web.allowedOrigins());
    ServiceCalls calls = new ServiceCalls(vertx.eventBus(), web.serviceTimeoutMs());
    MediaSettings media = MediaSettings.fromJson(config().getJsonObject("media", new JsonObject()));
    EdgeShared shared = EdgeShared.of(vertx, web, media, meters);
    // Verticle timers are cancelled on undeploy.
    vertx.setPeriodic(LIMITER_PURGE_MS, id -> shared.purge());
    AuthRoutes auth = new AuthRoutes(calls, cookies, shared.logins, shared.registrations);

    if (web.trustForwardedHeaders()) {
      router.allowForward(AllowForwardHeaders.ALL);
    }
    router.route().handler(SecurityHeaders::apply);
    new HealthRoutes(vertx).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(meters));

    // Order matters: the public auth routes answer before the session check, everything after it needs a session.
    router.route("/api/*").handler(SecurityHeaders::noStore).handler(origins::requireAllowedForChanges);
    router.route("/api/*").failureHandler(ApiError::handle);
    auth.mountPublic(router);
    router.route("/api/*").handler(new RequireSession(cookies));
    auth.mountSignedIn(router);
    new RoomRoutes(calls).mount(router);
    new SearchRoutes(calls).mount(router);
    new UserRoutes(calls).mount(router);
    new QuietHoursRoutes(calls).mount(router);
    new MediaRoutes(vertx, calls, new ServiceCalls(vertx.eventBus(), Math.max(UPLOAD_TIMEOUT_MS, web.serviceTimeoutMs())),
        vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(STORE_CONNECTIONS)), media,
        shared.uploads)
        .mount(router);
    router.route("/api/*").handler(ctx -> ctx.fail(new HttpException(404, "There is no such API endpoint.")));

    Future<Void> bridge = EventBusBridge.mount(router, vertx, http, web, origins, cookies, revocations, meters, shared);
    router.route("/vendor/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    // The app is plain ES modules without hashed names: browsers must revalidate (304) to pick up a deploy.
    router.route().handler(StaticHandler.create("webroot").setMaxAgeSeconds(0));
    return Future.all(bridge, revocations.start()).mapEmpty();
  }
}
