package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not part of {@code mvn verify} (no IT/Test suffix): run on purpose, on a quiet machine, with
 * {@code mvn -q verify -pl app -am -Dit.test=MediaUploadBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * Measures (1) upload throughput of a 10 MiB voice clip through Kaftalk (HTTP multipart, temp file, inspection,
 * store, Kafka post) against a direct MinIO SDK putObject of the same bytes to the same store, and (2) live heap
 * added per concurrent upload. Writes {@code app/target/media-bench.json}.
 */
@ExtendWith(SharedInfraExtension.class)
class MediaUploadBench {

  private static final Logger LOG = LoggerFactory.getLogger(MediaUploadBench.class);
  private static final int ROUNDS = 5;
  private static final int PARALLEL = 8;

  @Test
  void measure(SharedInfra infra, @TempDir Path dir) throws Exception {
    // 54 s of 48 kHz 16-bit stereo: 10,368,044 bytes, just under the 10 MiB limit.
    Path clip = MediaFixtures.wavFile(dir, 54);
    long size = Files.size(clip);
    JsonObject config = TestInstances.config(infra, dir.resolve("app"));
    String bucket = config.getJsonObject("s3").getString("bucket");
    Vertx vertx = Vertx.vertx();
    try (Kaftalk kaftalk = Kaftalk.start(config)) {
      ChatClient user = await(ChatClient.register(vertx, kaftalk.httpPort(), SharedInfra.unique("bench"), "correct horse battery"));
      String roomId = await(user.createRoom(SharedInfra.unique("bench"))).getString("id");
      MinioClient minio = MinioClient.builder().endpoint(infra.s3Endpoint())
          .credentials(SharedInfra.ACCESS_KEY, SharedInfra.SECRET_KEY).region("us-east-1").build();
      String directBucket = SharedInfra.unique("direct");
      minio.makeBucket(MakeBucketArgs.builder().bucket(directBucket).build());

      upload(user, roomId, clip);
      direct(minio, directBucket, clip, size, 0);
      long kaftalkNanos = 0;
      long directNanos = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        long start = System.nanoTime();
        upload(user, roomId, clip);
        kaftalkNanos += System.nanoTime() - start;
        start = System.nanoTime();
        direct(minio, directBucket, clip, size, round);
        directNanos += System.nanoTime() - start;
      }
      double kaftalkMbps = mbPerSecond(size * ROUNDS, kaftalkNanos);
      double directMbps = mbPerSecond(size * ROUNDS, directNanos);

      long heapPerUpload;
      try (HeapSampler heap = new HeapSampler()) {
        List<Future<HttpResponse<Buffer>>> uploads = IntStream.range(0, PARALLEL)
            .mapToObj(i -> user.uploadFile(roomId, clip, "audio/wav")).toList();
        await(Future.all(uploads));
        uploads.forEach(u -> assertEquals(201, u.result().statusCode(), u.result().bodyAsString()));
        heapPerUpload = heap.peakGrowth() / PARALLEL;
      }
      JsonObject results = new JsonObject()
          .put("clipBytes", size)
          .put("rounds", ROUNDS)
          .put("kaftalkMBps", round(kaftalkMbps))
          .put("directPutObjectMBps", round(directMbps))
          .put("kaftalkShareOfDirect", round(kaftalkMbps / directMbps))
          .put("parallelUploads", PARALLEL)
          .put("liveHeapPerConcurrentUploadKiB", heapPerUpload / 1024)
          .put("store", "embedded s3proxy " + bucket + " (same JVM)");
      Files.writeString(Path.of("target", "media-bench.json"), results.encodePrettily());
      LOG.info("Media upload bench: {}", results.encode());
    } finally {
      vertx.close();
    }
  }

  private static void upload(ChatClient user, String roomId, Path clip) {
    HttpResponse<Buffer> response = await(user.uploadFile(roomId, clip, "audio/wav"));
    assertEquals(201, response.statusCode(), response.bodyAsString());
  }

  private static void direct(MinioClient minio, String bucket, Path clip, long size, int round) throws Exception {
    try (InputStream in = Files.newInputStream(clip)) {
      minio.putObject(PutObjectArgs.builder().bucket(bucket).object("clip-" + round)
          .stream(in, size, -1L).contentType("audio/wav").build());
    }
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
