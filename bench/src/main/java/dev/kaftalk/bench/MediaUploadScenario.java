package dev.kaftalk.bench;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Scenario (f): a voice clip just under the 10 MiB limit (or, with {@code --fileMiB=N}, a file of N MiB of random
 * bytes, shared as a plain file) uploaded through Kaftalk (multipart upload, temp file, inspection, store, Kafka post)
 * against the MinIO SDK putting the same file straight into the same embedded store. Rounds alternate between the two
 * after one warm-up each; the ratio is Kaftalk's share of the direct rate. Then {@code --concurrent=N} uploads of the
 * same file at once, while the server's live heap is sampled (a full GC, then the heap in use, over and over): the
 * highest sample above the heap before them, divided by N, is the heap each upload holds.
 */
final class MediaUploadScenario {

  private MediaUploadScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    int rounds = options.integer("rounds", 5);
    int fileMiB = options.integer("fileMiB", 0);
    int concurrent = options.integer("concurrent", 4);
    Path clip = fileMiB > 0 ? randomFile(fileMiB) : noiseClip(options.integer("clipSeconds", 54));
    String type = fileMiB > 0 ? "application/octet-stream" : "audio/wav";
    long size = Files.size(clip);
    try (BenchRun bench = BenchRun.start(options)) {
      Accounts accounts = bench.accounts();
      BenchUser user = BenchRun.await(accounts.register("media" + System.nanoTime() % 100_000));
      String roomId = BenchRun.await(accounts.createRoom(user, "media bench"));
      ServerProcess server = bench.server();
      MinioClient minio = MinioClient.builder().endpoint(server.s3Endpoint())
          .credentials(server.s3AccessKey(), server.s3SecretKey()).region("us-east-1").build();
      String bucket = "bench-direct";
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
      long kaftalkNanos = 0;
      long directNanos = 0;
      for (int round = 0; round <= rounds; round++) {
        long start = System.nanoTime();
        BenchRun.await(accounts.upload(user, roomId, clip, type));
        long kaftalk = System.nanoTime() - start;
        start = System.nanoTime();
        minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object("clip-" + round)
            .filename(clip.toString()).contentType(type).build());
        long direct = System.nanoTime() - start;
        if (round > 0) {
          kaftalkNanos += kaftalk;
          directNanos += direct;
        }
      }
      double kaftalkMBps = size * rounds / 1e6 / (kaftalkNanos / 1e9);
      double directMBps = size * rounds / 1e6 / (directNanos / 1e9);
      JsonObject heap = concurrent > 0 ? heapPerUpload(server, accounts, user, roomId, clip, type, concurrent)
          : new JsonObject();
      return new JsonObject().put("clipBytes", size).put("rounds", rounds).put("concurrentHeap", heap)
          .put("kaftalkMBps", LoadRun.round(kaftalkMBps)).put("directSdkMBps", LoadRun.round(directMBps))
          .put("kaftalkShareOfDirect", LoadRun.round(kaftalkMBps / directMBps))
          .put("store", "embedded s3proxy in the server process")
          .put("summary", String.format("%d B " + (fileMiB > 0 ? "file" : "voice clip") + ": Kaftalk upload %.1f MB/s, direct MinIO SDK %.1f MB/s (%.0f%%)",
              size, kaftalkMBps, directMBps, 100 * kaftalkMBps / directMBps)
              + (concurrent > 0 ? String.format("; %d at once: at most %d KiB of live heap per upload (%d samples)",
                  concurrent, heap.getLong("perUploadBytes") / 1024, heap.getInteger("samples")) : ""));
    } finally {
      Files.deleteIfExists(clip);
    }
  }

  /**
   * {@code count} uploads of {@code file} at once, and meanwhile the server's live heap sampled back to back until the
   * last one is answered. A sample is a full GC in the server, so only what the uploads still reference counts.
   */
  private static JsonObject heapPerUpload(ServerProcess server, Accounts accounts, BenchUser user, String roomId,
      Path file, String type, int count) throws Exception {
    LiveHistogram baseline = server.liveHistogram();
    long started = System.nanoTime();
    Future<?> all = Future.all(IntStream.range(0, count)
        .mapToObj(i -> accounts.upload(user, roomId, file, type)).toList());
    LiveHistogram peak = baseline;
    int samples = 0;
    while (!all.isComplete()) {
      LiveHistogram sample = server.liveHistogram();
      samples++;
      if (sample.totalBytes() > peak.totalBytes()) {
        peak = sample;
      }
    }
    BenchRun.await(all);
    double seconds = (System.nanoTime() - started) / 1e9;
    long growth = Math.max(0, peak.totalBytes() - baseline.totalBytes());
    return new JsonObject().put("uploads", count).put("seconds", LoadRun.round(seconds))
        .put("baselineLiveBytes", baseline.totalBytes()).put("peakLiveBytes", peak.totalBytes())
        .put("samples", samples).put("peakGrowthBytes", growth).put("perUploadBytes", growth / count)
        .put("largestGrowthByClass", peak.largestGrowth(baseline, 12))
        .put("method", "jcmd GC.class_histogram (a full GC, then the live objects) back to back while the uploads"
            + " run; the largest total against the one taken before they started");
  }

  /** A 16-bit stereo 48 kHz PCM WAV of random noise: incompressible, and a type Kaftalk accepts as voice. */
  static Path noiseClip(int seconds) throws IOException {
    int rate = 48_000;
    int blockAlign = 4;
    int dataBytes = rate * blockAlign * seconds;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"))
        .put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate)
        .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) 16)
        .put(ascii("data")).putInt(dataBytes);
    Path file = Files.createTempFile("bench-clip", ".wav");
    Random random = new Random(seconds);
    byte[] chunk = new byte[blockAlign * rate];
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.array());
      for (int second = 0; second < seconds; second++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    return file;
  }

  /** {@code mib} MiB of random bytes: incompressible, and a plain file to Kaftalk. */
  static Path randomFile(int mib) throws IOException {
    Path file = Files.createTempFile("bench-file", ".bin");
    Random random = new Random(mib);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    return file;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
