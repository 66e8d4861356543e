package dev.kaftalk.media;

import dev.kaftalk.model.ServiceException;
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
 * {@code media/<roomId>/<uuid>}, an image's preview beside it with {@code .preview} appended. The room in the key is
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
