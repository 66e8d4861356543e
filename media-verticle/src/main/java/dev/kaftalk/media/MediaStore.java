package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.ServiceException;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The media objects in the bucket. A media id is {@code <roomId>.<uuid>}; the original lives at
 * {@code media/<roomId>/<uuid>}, an image's preview beside it with {@code .preview} appended, and what downloads
 * need to know of it (kind, name) with {@code .facts}: a small JSON object rather than object metadata, because a
 * presigned PUT cannot carry metadata headers that S3 would accept unsigned. The room in the key is
 * what download authorization checks, so it needs no metadata or index that a store might not keep. Keys are
 * server-generated from ids of the server's own making; no user input becomes part of a key.
 *
 * <p>Originals are written with a presigned PUT that Vert.x's HTTP client streams from the temporary file with
 * back-pressure: the SDK's own upload buffers whole parts in the heap (measured: about 12 MiB per concurrent 8 MiB
 * upload), this holds a few 64 KiB chunks.
 */
final class MediaStore {

  private static final int PUT_LINK_SECONDS = 600;

  /** What the store knows of one object. */
  record StoredObject(String contentType, long size) {
  }

  /** What a download needs to know of a media beyond its bytes: how it may be shown and the name it goes by. */
  record Facts(String kind, String name, String contentType) {

    static Facts of(MediaRef ref) {
      return new Facts(ref.kind(), ref.name(), ref.contentType());
    }

    JsonObject toJson() {
      return new JsonObject().put("kind", kind).put("name", name).put("contentType", contentType);
    }

    static Facts fromJson(JsonObject json) {
      return new Facts(json.getString("kind"), json.getString("name"), json.getString("contentType"));
    }
  }

  private static final String FACTS_SUFFIX = ".facts";

  private final Vertx vertx;
  private final Context context;
  private final MinioAsyncClient minio;
  private final HttpClient http;
  private final String bucket;

  MediaStore(Vertx vertx, Context context, MinioAsyncClient minio, HttpClient http, String bucket) {
    this.vertx = vertx;
    this.context = context;
    this.minio = minio;
    this.http = http;
    this.bucket = bucket;
  }

  /** @param mediaId {@code <roomId>.<uuid>}, checked by the caller */
  static String key(String mediaId, boolean preview) {
    return "media/" + mediaId.replace('.', '/') + (preview ? ".preview" : "");
  }

  /** Streams the file to the store in one PUT, a chunk at a time. */
  Future<Void> putFile(String key, Path file, String contentType, long size) {
    Future<String> link = link(Http.Method.PUT, key, PUT_LINK_SECONDS);
    return link.compose(url -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
        .compose(body -> http.request(new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url))
            .compose(request -> request
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size))
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .send(body))
            .eventually(body::close)))
        .compose(response -> response.body().compose(answer -> response.statusCode() == 200
            ? Future.<Void>succeededFuture()
            : Future.failedFuture("the store answered " + response.statusCode() + ": " + answer)));
  }

  Future<Void> putFacts(String mediaId, Facts facts) {
    return putBytes(key(mediaId, false) + FACTS_SUFFIX, facts.toJson().toBuffer().getBytes(), "application/json");
  }

  /** The facts stored beside a media; null for media stored before facts were kept. */
  Future<Facts> facts(String mediaId) {
    GetObjectArgs args = GetObjectArgs.builder().bucket(bucket).object(key(mediaId, false) + FACTS_SUFFIX).build();
    return Future.fromCompletionStage(minio.getObject(args), context)
        .compose(response -> vertx.executeBlocking(() -> {
          try (response) {
            return Facts.fromJson(new JsonObject(Buffer.buffer(response.readAllBytes())));
          }
        }))
        .recover(e -> isMissing(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Removes a media's original, preview and facts; removing what is not there succeeds. */
  Future<Void> removeMedia(String mediaId) {
    String original = key(mediaId, false);
    return Future.join(remove(original), remove(key(mediaId, true)), remove(original + FACTS_SUFFIX)).mapEmpty();
  }

  /** A small object already in memory (a preview). */
  Future<Void> putBytes(String key, byte[] bytes, String contentType) {
    PutObjectArgs args = PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
        .contentType(contentType).build();
    return Future.fromCompletionStage(minio.putObject(args), context).mapEmpty();
  }

  /** Fails with 404 when there is no such object. */
  Future<StoredObject> stat(String key) {
    return Future.fromCompletionStage(minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()),
            context)
        .recover(e -> Future.failedFuture(isMissing(e) ? ServiceException.notFound("No such media") : e))
        .map(stat -> new StoredObject(stat.contentType(), stat.size()));
  }

  /** A link to {@code method} the object for {@code seconds}; signing is local, no request is made. */
  Future<String> link(Http.Method method, String key, int seconds) {
    return vertx.executeBlocking(() -> minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
        .method(method).bucket(bucket).object(key).expiry(seconds, TimeUnit.SECONDS).build()));
  }

  Future<Void> remove(String key) {
    return Future.fromCompletionStage(minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()),
        context).mapEmpty();
  }

  /** Removes every media object last written before {@code cutoff}; returns how many. Lists on a worker. */
  Future<Integer> removeOlderThan(Instant cutoff) {
    return vertx.executeBlocking(() -> {
      int removed = 0;
      for (Result<Item> result : minio.listObjects(
          ListObjectsArgs.builder().bucket(bucket).prefix("media/").recursive(true).build())) {
        Item item = result.get();
        if (item.lastModified() != null && item.lastModified().toInstant().isBefore(cutoff)) {
          minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.objectName()).build()).get();
          removed++;
        }
      }
      return removed;
    });
  }

  private static boolean isMissing(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause instanceof ErrorResponseException ere
        && ("NoSuchKey".equals(ere.errorResponse().code()) || "NotFound".equals(ere.errorResponse().code())
        || ere.response() != null && ere.response().code() == 404);
  }
}
