package dev.kaftalk.media;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Media leave the store once the room history that references them has expired, and not before. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MediaSweeperIT {

  private static final Duration RETENTION = Duration.ofDays(30);

  @Test
  void objectsOlderThanTheHistoryRetentionAreRemoved(Vertx vertx, SharedInfra infra, VertxTestContext testContext)
      throws Exception {
    Checkpoint keptWhileYoung = testContext.checkpoint();
    Checkpoint removedWhenExpired = testContext.checkpoint();
    String bucket = SharedInfra.unique("sweep");
    MinioAsyncClient minio = MinioAsyncClient.builder().endpoint(infra.s3Endpoint())
        .credentials(SharedInfra.ACCESS_KEY, SharedInfra.SECRET_KEY).region("us-east-1").build();
    minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()).get();
    // Not a media object: the sweep leaves the rest of a shared bucket alone.
    minio.putObject(PutObjectArgs.builder().bucket(bucket).object("other/keep").data(new byte[] {1}, 1).build()).get();
    MediaStore store = new MediaStore(vertx, vertx.getOrCreateContext(), minio, vertx.createHttpClient(), bucket);
    String id = MediaIds.create("00000000-0000-4000-8000-000000000001");

    Future.all(store.putBytes(MediaStore.key(id, false), new byte[] {1, 2, 3}, "image/png"),
            store.putBytes(MediaStore.key(id, true), new byte[] {4}, "image/png"))
        .compose(v -> sweeperAt(store, Instant.now().plus(RETENTION).minus(Duration.ofHours(1))).sweep())
        .compose(removed -> {
          testContext.verify(() -> assertEquals(0, removed));
          return keys(vertx, minio, bucket);
        })
        .compose(keys -> {
          testContext.verify(() -> {
            assertEquals(3, keys.size(), keys.toString());
            keptWhileYoung.flag();
          });
          return sweeperAt(store, Instant.now().plus(RETENTION).plus(Duration.ofHours(1))).sweep();
        })
        .compose(removed -> {
          testContext.verify(() -> assertEquals(2, removed));
          return keys(vertx, minio, bucket);
        })
        .onComplete(testContext.succeeding(keys -> testContext.verify(() -> {
          assertEquals(List.of("other/keep"), keys);
          removedWhenExpired.flag();
        })));
  }

  private static MediaSweeper sweeperAt(MediaStore store, Instant now) {
    return new MediaSweeper(store, RETENTION, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Future<List<String>> keys(Vertx vertx, MinioAsyncClient minio, String bucket) {
    return vertx.executeBlocking(() -> {
      List<String> keys = new ArrayList<>();
      for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
        keys.add(item.get().objectName());
      }
      return keys;
    });
  }
}
