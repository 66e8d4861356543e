package dev.kaftalk.media;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.S3Settings;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.errors.ErrorResponseException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** The media service: upload validation, storage in S3, references into Kafka, download authorization. */
public final class MediaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  private static final long PROBE_TIMEOUT_MS = 3_000;

  private S3Settings s3;
  private MinioAsyncClient minio;

  @Override
  public Future<?> start() {
    s3 = S3Settings.fromJson(config().getJsonObject("s3"));
    // Building the first client loads the SDK's HTTP and crypto stack, which takes seconds: not on an event loop.
    return vertx.executeBlocking(() -> MinioAsyncClient.builder()
            .endpoint(s3.endpoint())
            .credentials(s3.accessKey(), s3.secretKey())
            .region(s3.region())
            .build())
        .compose(client -> {
          minio = client;
          return ensureBucket();
        })
        .compose(v -> vertx.eventBus()
            .consumer(Addresses.MEDIA_HEALTH, msg -> probeBucket().onComplete(h -> msg.reply(h.result().toJson())))
            .completion());
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      minio.close();
      return null;
    });
  }

  private Future<Void> ensureBucket() {
    return bucketExists().compose(exists -> exists ? Future.succeededFuture() : makeBucket());
  }

  private Future<Void> makeBucket() {
    return Future.fromCompletionStage(
            minio.makeBucket(MakeBucketArgs.builder().bucket(s3.bucket()).region(s3.region()).build()), context)
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.info("Created media bucket {}", s3.bucket()))
        // Another instance may have created it in between.
        .recover(e -> isBucketOwnedAlready(e) ? Future.succeededFuture() : Future.failedFuture(
            new IllegalStateException("cannot create bucket " + s3.bucket() + " at " + s3.endpoint() + ": " + e.getMessage())));
  }

  private Future<Boolean> bucketExists() {
    return Future.fromCompletionStage(minio.bucketExists(BucketExistsArgs.builder().bucket(s3.bucket()).build()), context)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "S3 at " + s3.endpoint() + " failed the check of bucket " + s3.bucket() + " (" + rootMessage(e) + ")")));
  }

  private Future<Health> probeBucket() {
    return bucketExists()
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(exists -> exists ? Health.up("s3", "bucket " + s3.bucket())
            : Health.down("s3", "bucket " + s3.bucket() + " is missing"))
        .otherwise(e -> Health.down("s3", e.getMessage()));
  }

  private static boolean isBucketOwnedAlready(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause instanceof ErrorResponseException ere
        && "BucketAlreadyOwnedByYou".equals(ere.errorResponse().code());
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }
}
