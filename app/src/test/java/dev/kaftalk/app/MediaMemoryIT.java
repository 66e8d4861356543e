package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads stream through a temporary file into the store: parallel 8 MiB uploads barely grow the live heap. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MediaMemoryIT {

  private static final Logger LOG = LoggerFactory.getLogger(MediaMemoryIT.class);
  private static final int PARALLEL = 4;

  private static Kaftalk kaftalk;
  private static Path clip;

  @BeforeAll
  static void start(SharedInfra infra, @TempDir Path dir) {
    kaftalk = Kaftalk.start(TestInstances.config(infra, dir));
    // 44 s of 48 kHz 16-bit stereo: 8.4 MB, under the limit both in bytes and in minutes.
    clip = MediaFixtures.wavFile(dir, 44);
  }

  @AfterAll
  static void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void parallelUploadsDoNotHoldTheirBytesInTheHeap(Vertx vertx, VertxTestContext testContext) throws Exception {
    Checkpoint stored = testContext.checkpoint(PARALLEL);
    Checkpoint bounded = testContext.checkpoint();
    long size = Files.size(clip);
    int port = kaftalk.httpPort();
    ChatClient.register(vertx, port, SharedInfra.unique("mem"), "correct horse battery")
        .compose(user -> user.createRoom(SharedInfra.unique("heap")).compose(room -> {
          HeapSampler heap = new HeapSampler();
          List<Future<HttpResponse<Buffer>>> uploads = IntStream.range(0, PARALLEL)
              .mapToObj(i -> user.uploadFile(room.getString("id"), clip, "audio/wav"))
              .toList();
          return Future.all(uploads).eventually(() -> {
            heap.close();
            return Future.succeededFuture();
          }).map(all -> {
            testContext.verify(() -> {
              uploads.forEach(upload -> {
                assertEquals(201, upload.result().statusCode(), upload.result().bodyAsString());
                stored.flag();
              });
              long growth = heap.peakGrowth();
              LOG.info("{} parallel uploads of {} bytes grew the live heap by at most {} KiB ({} KiB per upload)",
                  PARALLEL, size, growth / 1024, growth / PARALLEL / 1024);
              // Any stage that buffered whole files would hold PARALLEL x 8.4 MB at once (the SDK's own upload
              // measured 12 MiB per upload); streaming holds a few buffers each. The margin absorbs what the
              // embedded broker and store in this JVM allocate meanwhile (measured 0.7-2.4 MiB per upload).
              assertTrue(growth < PARALLEL * size / 2, "live heap grew by " + growth + " bytes");
              bounded.flag();
            });
            return null;
          });
        }))
        .onFailure(testContext::failNow);
  }
}
