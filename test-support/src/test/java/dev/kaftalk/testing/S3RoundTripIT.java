package dev.kaftalk.testing;

import dev.kaftalk.model.S3Settings;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An object stored through the MinIO SDK in the embedded S3 store reads back with its bytes and content type. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class S3RoundTripIT {

  @Test
  void objectRoundTripsThroughEmbeddedStore(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    S3Settings s3 = infra.s3Settings(SharedInfra.unique("bucket"));
    MinioAsyncClient minio = MinioAsyncClient.builder()
        .endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
    byte[] bytes = "voice clip bytes".getBytes(StandardCharsets.UTF_8);
    String key = SharedInfra.unique("object");
    Checkpoint stat = testContext.checkpoint();
    Checkpoint read = testContext.checkpoint();

    Future.fromCompletionStage(minio.makeBucket(MakeBucketArgs.builder().bucket(s3.bucket()).build()))
        .compose(v -> Future.fromCompletionStage(minio.putObject(PutObjectArgs.builder()
            .bucket(s3.bucket()).object(key).contentType("audio/webm")
            .stream(new ByteArrayInputStream(bytes), (long) bytes.length, null).build())))
        .compose(v -> Future.fromCompletionStage(
            minio.statObject(StatObjectArgs.builder().bucket(s3.bucket()).object(key).build())))
        .compose(info -> {
          testContext.verify(() -> {
            assertEquals("audio/webm", info.contentType());
            assertEquals((long) bytes.length, info.size());
            stat.flag();
          });
          return Future.fromCompletionStage(minio.getObject(GetObjectArgs.builder().bucket(s3.bucket()).object(key).build()));
        })
        .compose(stream -> vertx.executeBlocking(() -> readAll(stream)))
        .onComplete(testContext.succeeding(content -> testContext.verify(() -> {
          assertArrayEquals(bytes, content);
          read.flag();
        })));
  }

  private static byte[] readAll(InputStream stream) throws Exception {
    try (stream) {
      return stream.readAllBytes();
    }
  }
}
