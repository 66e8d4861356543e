package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.MediaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Media uploads and downloads. Uploads stream to a temporary file (never the heap), and only after the membership
 * check, so a refused request stores nothing; the media service then validates, stores and posts. Downloads are
 * authorized by the media service, which hands back a short-lived store link; the edge streams the object from it,
 * forwarding a single byte range, with back-pressure.
 */
final class MediaRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(MediaRoutes.class);
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=\\d*-\\d*");
  private static final String FILE_FIELD = "file";
  private static final String RANGE = "Range";
  private static final Pattern MULTIPART = Pattern.compile("(?i)^multipart/form-data\\s*;.*boundary=");
  private static final String BODY_COMPLETE = "kaftalk.upload.body-complete";
  private static final long INCOMPLETE_CHECK_MS = 500;
  /**
   * How long after the request ended its body may still be on its way to disk: under load the body handler's file
   * writes lag behind the network by well over a second (a complete 8 MB upload was once refused after 1 s).
   */
  private static final long INCOMPLETE_GRACE_MS = 3_000;

  private final Vertx vertx;
  private final ServiceCalls calls;
  private final ServiceCalls uploads;
  private final HttpClient store;
  private final MediaSettings settings;
  private final AttemptRateLimiter uploadsByUser;

  /**
   * @param uploads       service calls with a timeout long enough to inspect and store a whole file
   * @param uploadsByUser counts each user's uploads against {@code media.uploadsPerMinute}
   */
  MediaRoutes(Vertx vertx, ServiceCalls calls, ServiceCalls uploads, HttpClient store, MediaSettings settings,
              AttemptRateLimiter uploadsByUser) {
    this.vertx = vertx;
    this.calls = calls;
    this.uploads = uploads;
    this.store = store;
    this.settings = settings;
    this.uploadsByUser = uploadsByUser;
  }

  /** Mounted behind {@link RequireSession}. */
  void mount(Router router) {
    // Two routes: vertx-web allows no body handler after another handler on the same route.
    router.post("/api/rooms/:id/media").handler(this::requireMemberBeforeBody);
    router.post("/api/rooms/:id/media")
        .handler(BodyHandler.create(settings.uploadDir())
            .setBodyLimit(settings.bodyLimitBytes())
            .setDeleteUploadedFilesOnEnd(true))
        .handler(this::upload);
    router.get("/api/media/:id").handler(ctx -> download(ctx, false));
    router.get("/api/media/:id/preview").handler(ctx -> download(ctx, true));
  }

  private void requireMemberBeforeBody(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !MULTIPART.matcher(type).find()) {
      // Anything else would be decoded as a URL-encoded form, whose decoder throws on binary bodies.
      throw new HttpException(400, "Send the file as multipart/form-data (with a boundary) in the field \"file\".");
    }
    long retryAfter = uploadsByUser.tryAcquireFor(RequireSession.user(ctx));
    if (retryAfter > 0) {
      // Refused before the body is read: the connection closes instead of taking a file nobody wants.
      ctx.response().putHeader("Retry-After", Long.toString(retryAfter)).putHeader(HttpHeaders.CONNECTION, "close");
      throw new HttpException(429, "You are uploading too fast; please wait " + retryAfter + " s and try again.");
    }
    guardIncompleteBody(ctx);
    // Hold the body back until we know it is wanted; the body handler resumes it.
    ctx.request().pause();
    calls.asUser(Addresses.ROOMS_MEMBER_CHECK, new JsonObject().put("roomId", ctx.pathParam("id")),
            RequireSession.user(ctx))
        .onSuccess(member -> ctx.next())
        .onFailure(e -> {
          // The client is still sending; answer, then drop the connection rather than read a body nobody wants.
          ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
          ctx.request().resume();
          ctx.fail(e);
        });
  }

  /**
   * Netty's multipart decoder never finishes a part whose closing boundary is missing, and the body handler then
   * waits for it forever. A body that ended without reaching the upload handler is answered with 400, and the
   * part written so far is deleted.
   */
  private void guardIncompleteBody(RoutingContext ctx) {
    long[] endedAt = {-1};
    long timer = vertx.setPeriodic(INCOMPLETE_CHECK_MS, id -> {
      long now = System.currentTimeMillis();
      if (ctx.get(BODY_COMPLETE) != null || ctx.response().ended()) {
        vertx.cancelTimer(id);
      } else if (ctx.request().isEnded() && endedAt[0] < 0) {
        endedAt[0] = now;
      } else if (endedAt[0] >= 0 && now - endedAt[0] >= INCOMPLETE_GRACE_MS) {
        vertx.cancelTimer(id);
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.fail(new HttpException(400, "The upload ended before its multipart body was complete."));
        // The body handler only cleans up after a complete body; the unfinished part's file is ours to remove.
        // Cancelling fails the body handler's pipe as well, which is why the answer goes first.
        ctx.fileUploads().forEach(upload -> {
          upload.cancel();
          upload.delete();
        });
      }
    });
    ctx.addEndHandler(v -> vertx.cancelTimer(timer));
  }

  private void upload(RoutingContext ctx) {
    ctx.put(BODY_COMPLETE, true);
    List<FileUpload> files = ctx.fileUploads().stream().filter(f -> FILE_FIELD.equals(f.name())).toList();
    if (files.size() != 1) {
      throw new HttpException(400, "Send one file as the multipart/form-data field \"file\".");
    }
    FileUpload file = files.get(0);
    if (file.size() > settings.largestUploadBytes()) {
      throw new HttpException(413, "Files may be at most " + settings.largestUploadBytes() / (1024 * 1024) + " MiB.");
    }
    // The uploader's name goes along as sent; the media service makes it harmless. A durationMs field is still
    // accepted and ignored: the server measures every clip itself.
    JsonObject request = new JsonObject().put("roomId", ctx.pathParam("id")).put("path", file.uploadedFileName())
        .put("name", file.fileName());
    String waveform = ctx.request().getFormAttribute("waveform");
    if (waveform != null) {
      request.put("waveform", waveform(waveform));
    }
    RoomRoutes.putIfPresent(request, "clientMsgId", ctx.request().getFormAttribute("clientMsgId"));
    RoomRoutes.putIfPresent(request, "replyTo", ctx.request().getFormAttribute("replyTo"));
    uploads.<JsonObject>asUser(Addresses.MEDIA_UPLOAD, request, RequireSession.user(ctx))
        .onSuccess(posted -> {
          ctx.response().setStatusCode(201);
          ctx.json(posted);
        })
        .onFailure(ctx::fail);
  }

  /** The waveform field, a JSON array of 64 amplitudes 0-255; anything else is 400. */
  private static JsonArray waveform(String field) {
    try {
      return new JsonArray(MediaRef.requireWaveform(new JsonArray(field)));
    } catch (DecodeException | IllegalArgumentException e) {
      throw new HttpException(400, "waveform must be a JSON array of " + MediaRef.WAVEFORM_POINTS
          + " integers from 0 to 255.");
    }
  }

  private void download(RoutingContext ctx, boolean preview) {
    JsonObject request = new JsonObject().put("mediaId", ctx.pathParam("id")).put("preview", preview);
    calls.<JsonObject>asUser(Addresses.MEDIA_FETCH, request, RequireSession.user(ctx))
        .compose(found -> open(found.getString("url"), ctx.request().getHeader(RANGE))
            .onSuccess(upstream -> stream(ctx, found, upstream)))
        .onFailure(ctx::fail);
  }

  private Future<HttpClientResponse> open(String url, String range) {
    return store.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(request -> {
          if (range != null && SINGLE_RANGE.matcher(range).matches()) {
            request.putHeader(RANGE, range);
          }
          return request.send();
        })
        .compose(upstream -> {
          int status = upstream.statusCode();
          if (status == 200 || status == 206 || status == 416) {
            return Future.succeededFuture(upstream);
          }
          LOG.warn("The media store answered {} for a download", status);
          upstream.request().reset();
          return Future.failedFuture(new HttpException(503, "The media store is not available right now."));
        }, e -> {
          LOG.warn("The media store could not be reached: {}", e.toString());
          return Future.failedFuture(new HttpException(503, "The media store is not available right now."));
        });
  }

  private static void stream(RoutingContext ctx, JsonObject found, HttpClientResponse upstream) {
    HttpServerResponse response = ctx.response().setStatusCode(upstream.statusCode());
    copyHeader(upstream, response, HttpHeaders.CONTENT_LENGTH);
    copyHeader(upstream, response, HttpHeaders.CONTENT_RANGE);
    response.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
        .putHeader(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.of(found.getString("disposition"), found.getString("fileName")));
    if (upstream.statusCode() != 416) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, found.getString("contentType"));
    }
    upstream.pipeTo(response)
        .onFailure(e -> LOG.debug("Media download ended early: {}", e.getMessage()));
  }

  private static void copyHeader(HttpClientResponse from, HttpServerResponse to, CharSequence name) {
    String value = from.getHeader(name);
    if (value != null) {
      to.putHeader(name, value);
    }
  }
}
