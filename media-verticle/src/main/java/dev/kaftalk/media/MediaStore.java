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
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The media objects in the bucket. An original lives at {@code media/<id>}, an image's preview beside it at
 * {@code media/<id>.preview}; both carry their content type and, as user metadata, the room they were posted to,
 * which is what download authorization checks. Keys are server-generated; no user input becomes part of a key.
 */
final class MediaStore {

  /** What the store knows of one object. */
  record StoredObject(String contentType, long size, String roomId) {
  }

  private static final String ROOM_METADATA = "room";
  private static final long SINGLE_PART_LIMIT = 5L * 1024 * 1024 * 1024;

  private final Vertx vertx;
  private final Context context;
  private final MinioAsyncClient minio;
  private final String bucket;

  MediaStore(Vertx vertx, Context context, MinioAsyncClient minio, String bucket) {
    this.vertx = vertx;
    this.context = context;
    this.minio = minio;
    this.bucket = bucket;
  }

  static String key(String mediaId, boolean preview) {
    return "media/" + mediaId + (preview ? ".preview" : "");
  }

  /** Streams the file to the store in one PUT (the SDK reads it from disk; the heap holds no copy). */
  Future<Void> putFile(String key, Path file, String contentType, String roomId) {
    return vertx.executeBlocking(() -> UploadObjectArgs.builder().bucket(bucket).object(key)
            // One part up to the 5 GiB a single PUT allows, so no part is ever buffered.
            .filename(file.toString(), SINGLE_PART_LIMIT).contentType(contentType)
            .userMetadata(Map.of(ROOM_METADATA, roomId)).build())
        .compose(args -> Future.fromCompletionStage(minio.uploadObject(args), context))
        .mapEmpty();
  }

  Future<Void> putBytes(String key, byte[] bytes, String contentType, String roomId) {
    PutObjectArgs args = PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
        .contentType(contentType).userMetadata(Map.of(ROOM_METADATA, roomId)).build();
    return Future.fromCompletionStage(minio.putObject(args), context).mapEmpty();
  }

  /** Fails with 404 when there is no such object. */
  Future<StoredObject> stat(String key) {
    return Future.fromCompletionStage(minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()),
            context)
        .recover(e -> Future.failedFuture(isMissing(e) ? ServiceException.notFound("No such media") : e))
        .map(stat -> new StoredObject(stat.contentType(), stat.size(), stat.userMetadata().getFirst(ROOM_METADATA)));
  }

  /** A link the edge can GET the object from for {@code seconds}; signing is local, no request is made. */
  Future<String> link(String key, int seconds) {
    return vertx.executeBlocking(() -> minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
        .method(Http.Method.GET).bucket(bucket).object(key).expiry(seconds, TimeUnit.SECONDS).build()));
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
