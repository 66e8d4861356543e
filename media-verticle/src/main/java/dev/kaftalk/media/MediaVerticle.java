package dev.kaftalk.media;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.S3Settings;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.errors.ErrorResponseException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The media service: upload validation, storage in S3, references into Kafka, download authorization. */
public final class MediaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  private static final long PROBE_TIMEOUT_MS = 3_000;
  /** Longer than the chat service's own apply timeout, so its 503 arrives before this gives up. */
  private static final long CHAT_TIMEOUT_MS = 15_000;
  /** Concurrent uploads to the store; more wait for a connection. */
  private static final int STORE_CONNECTIONS = 32;

  private S3Settings s3;
  private MinioAsyncClient minio;
  private long sweepTimer = -1;

  @Override
  public Future<?> start() {
    s3 = S3Settings.fromJson(config().getJsonObject("s3"));
    MediaSettings settings = MediaSettings.fromJson(config().getJsonObject("media"));
    long retentionMs = KafkaSettings.fromJson(config().getJsonObject("kafka")).messagesRetentionMs();
    // Building the first client loads the SDK's HTTP and crypto stack, which takes seconds: not on an event loop.
    return vertx.executeBlocking(() -> MinioAsyncClient.builder()
            .endpoint(s3.endpoint())
            .credentials(s3.accessKey(), s3.secretKey())
            .region(s3.region())
            .httpClient(S3HttpClient.forEndpoint(s3.endpoint()), true)
            .build())
        .compose(client -> {
          minio = client;
          return ensureBucket();
        })
        .compose(v -> {
          MediaStore store = new MediaStore(vertx, context, minio,
              vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(STORE_CONNECTIONS)), s3.bucket());
          ChatService chat = new ChatService(vertx.eventBus(), CHAT_TIMEOUT_MS);
          UploadHandler upload = new UploadHandler(vertx, settings, store, chat);
          FetchHandler fetch = new FetchHandler(store, chat, settings.linkTtlSeconds());
          if (retentionMs > 0) {
            MediaSweeper sweeper = new MediaSweeper(store, Duration.ofMillis(retentionMs), Clock.systemUTC());
            sweepTimer = vertx.setPeriodic(settings.sweepIntervalMs(), id -> sweeper.sweep());
          }
          return Future.all(List.of(
              vertx.eventBus()
                  .consumer(Addresses.MEDIA_HEALTH, msg -> probeBucket().onComplete(h -> msg.reply(h.result().toJson())))
                  .completion(),
              answer(Addresses.MEDIA_UPLOAD, upload::upload),
              answer(Addresses.MEDIA_FETCH, fetch::fetch),
              answer(Addresses.MEDIA_DELETE, new DeleteHandler(store)::delete)));
        });
  }

  private <T> Future<Void> answer(String address, Function<Message<?>, Future<T>> handler) {
    return vertx.eventBus().consumer(address, msg -> Requests.answer(msg, handler)).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
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
