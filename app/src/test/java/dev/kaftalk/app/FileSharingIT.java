package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import dev.kaftalk.testing.media.TaggedPhotos;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any file can be shared: stored under a harmless version of its name, always downloaded as an attachment, never
 * labelled as something a browser would render as a page; Windows programs and files over the limit are refused.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class FileSharingIT {

  private static final String PASSWORD = "correct horse battery";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final int MAX_FILE_BYTES = 3 * 1024 * 1024;

  private static Kaftalk kaftalk;
  private static int port;
  private static String bucket;
  private static MinioClient s3;

  /** One file, the name it is sent under and what comes of it: the reference's type and name, the served type. */
  private record Shared(String sentName, Buffer bytes, String contentType, String name, String served) {
  }

  @BeforeAll
  static void start(SharedInfra infra, @TempDir Path dir) {
    JsonObject config = TestInstances.config(infra, dir);
    config.put("media", new JsonObject().put("maxFileBytes", MAX_FILE_BYTES));
    // One person shares a dozen files in a row here: on a fast machine they outrun the default burst of 10 posts.
    config.put("chat", config.getJsonObject("chat", new JsonObject()).put("messageBurst", 50));
    bucket = config.getJsonObject("s3").getString("bucket");
    kaftalk = Kaftalk.start(config);
    port = kaftalk.httpPort();
    s3 = MinioClient.builder().endpoint(infra.s3Endpoint())
        .credentials(SharedInfra.ACCESS_KEY, SharedInfra.SECRET_KEY).region("us-east-1").build();
  }

  @AfterAll
  static void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void anyFileIsSharedAndDownloadedAsAnAttachment(Vertx vertx, VertxTestContext testContext) {
    String html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
    String longName = "a".repeat(300) + ".txt";
    List<Shared> files = List.of(
        new Shared("report.pdf", pdf(), "application/pdf", "report.pdf", "application/pdf"),
        new Shared("photos.zip", zip(Map.of("a.txt", "hello", "b.txt", "world")), "application/zip", "photos.zip",
            "application/zip"),
        new Shared("budget.xlsx", xlsx(), "application/x-tika-ooxml", "budget.xlsx", OCTET_STREAM),
        new Shared("notes.txt", MediaFixtures.text("remember the milk\n"), "text/plain", "notes.txt", "text/plain"),
        // A page in disguise is stored as what it is and served as bytes nobody renders.
        new Shared("report.pdf", MediaFixtures.text(html), "text/html", "report.pdf", OCTET_STREAM),
        new Shared("logo.svg", MediaFixtures.text("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)"
            + "</script></svg>"), "image/svg+xml", "logo.svg", OCTET_STREAM),
        new Shared("feed.xml", MediaFixtures.text("<?xml version=\"1.0\"?><feed/>"), "application/xml", "feed.xml",
            OCTET_STREAM),
        new Shared("noise.mp3", MediaFixtures.randomBytes(4096), OCTET_STREAM, "noise.mp3", OCTET_STREAM),
        new Shared("..\\..\\secret/evil\u202Egnp.txt", MediaFixtures.text("x"), "text/plain", "evilgnp.txt",
            "text/plain"),
        new Shared("Überblick – Q3.txt", MediaFixtures.text("ü"), "text/plain", "Überblick – Q3.txt", "text/plain"),
        new Shared(longName, MediaFixtures.text("long"), "text/plain", "a".repeat(196) + ".txt", "text/plain"),
        new Shared("big.bin", MediaFixtures.randomBytes(MAX_FILE_BYTES), OCTET_STREAM, "big.bin", OCTET_STREAM));
    Checkpoint posted = testContext.checkpoint(files.size());
    Checkpoint downloaded = testContext.checkpoint(files.size());
    ChatClient.register(vertx, port, SharedInfra.unique("fay"), PASSWORD)
        .compose(fay -> fay.createRoom(SharedInfra.unique("files")).compose(room -> {
          Future<Void> all = Future.succeededFuture();
          for (Shared file : files) {
            all = all.compose(v -> upload(fay, room.getString("id"), file)
                .compose(response -> {
                  JsonObject ref = response.bodyAsJsonObject().getJsonObject("message", new JsonObject())
                      .getJsonObject("media", new JsonObject());
                  testContext.verify(() -> {
                    assertEquals(201, response.statusCode(), file.sentName() + ": " + response.bodyAsString());
                    assertEquals("file", ref.getString("kind"), file.sentName());
                    assertEquals(file.contentType(), ref.getString("contentType"), file.sentName());
                    assertEquals(file.name(), ref.getString("name"));
                    assertEquals(file.bytes().length(), ref.getLong("size"), file.sentName());
                    posted.flag();
                  });
                  return fay.get("/api/media/" + ref.getString("id"));
                })
                .map(download -> {
                  testContext.verify(() -> {
                    assertEquals(200, download.statusCode(), file.sentName());
                    assertEquals(file.served(), download.getHeader("Content-Type"), file.sentName());
                    assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));
                    assertEquals(disposition(file.name()), download.getHeader("Content-Disposition"));
                    assertArrayEquals(file.bytes().getBytes(), download.body().getBytes(), file.sentName());
                    downloaded.flag();
                  });
                  return null;
                }));
          }
          return all;
        }))
        .onFailure(testContext::failNow);
  }

  @Test
  void aPhotoIsStoredAndServedWithoutItsPositionAndStillUpright(Vertx vertx, VertxTestContext testContext) {
    Checkpoint stripped = testContext.checkpoint();
    byte[] photo = TaggedPhotos.jpegWithGps(64, 48, 6);
    ChatClient.register(vertx, port, SharedInfra.unique("pia"), PASSWORD)
        .compose(pia -> pia.createRoom(SharedInfra.unique("photos"))
            .compose(room -> pia.upload(room.getString("id"), "holiday.jpg", Buffer.buffer(photo), "image/jpeg",
                Map.of()))
            .compose(response -> {
              JsonObject ref = response.bodyAsJsonObject().getJsonObject("message").getJsonObject("media");
              testContext.verify(() -> {
                assertEquals("image", ref.getString("kind"));
                assertEquals(64, ref.getInteger("width"));
                assertEquals(48, ref.getInteger("height"));
              });
              return pia.get("/api/media/" + ref.getString("id")).map(download -> Map.entry(ref, download));
            }))
        .map(found -> {
          testContext.verify(() -> {
            byte[] served = found.getValue().body().getBytes();
            assertEquals(found.getKey().getLong("size"), served.length, "the size is the stripped file's");
            List<byte[]> left = TaggedPhotos.metadataSegments(served);
            assertEquals(1, left.size(), "one EXIF block, the orientation's");
            String text = new String(served, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(TaggedPhotos.MAKE) || text.contains(TaggedPhotos.PLACE), "no camera, no place");
            // Orientation 6 (rotate 90°) is still there for the browser to apply: IFD0's only entry, tag 0x0112.
            assertArrayEquals(new byte[] {1, 0x12, 0, 3, 0, 0, 0, 1, 0, 6}, Arrays.copyOfRange(left.get(0), 16, 26));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
            assertEquals(64, image.getWidth());
            assertEquals(48, image.getHeight());
            stripped.flag();
          });
          return null;
        })
        .onFailure(testContext::failNow);
  }

  @Test
  void aVoiceClipKeepsAValidWaveformAndABrokenOneIs400(Vertx vertx, VertxTestContext testContext) {
    String valid = new JsonArray(java.util.stream.IntStream.range(0, 64).map(i -> i * 4).boxed().toList()).encode();
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("63 points", new JsonArray(java.util.Collections.nCopies(63, 1)).encode());
    broken.put("a point over 255", valid.replace("[0,", "[256,"));
    broken.put("a negative point", valid.replace("[0,", "[-1,"));
    broken.put("fractions", valid.replace("[0,", "[0.5,"));
    broken.put("strings", valid.replace("[0,", "[\"0\","));
    broken.put("null", "null");
    broken.put("an object", "{\"points\":[1]}");
    broken.put("not JSON", "loud-quiet-loud");
    broken.put("huge", new JsonArray(java.util.Collections.nCopies(200_000, 255)).encode());
    Checkpoint kept = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint(broken.size());
    Buffer clip = MediaFixtures.resource("clip.wav");
    ChatClient.register(vertx, port, SharedInfra.unique("wes"), PASSWORD)
        .compose(wes -> wes.createRoom(SharedInfra.unique("waves")).compose(room -> {
          String roomId = room.getString("id");
          Future<Void> validOne = wes.upload(roomId, "clip.wav", clip, "audio/wav", Map.of("waveform", valid))
              .map(response -> {
                testContext.verify(() -> {
                  assertEquals(201, response.statusCode(), response.bodyAsString());
                  assertEquals(new JsonArray(valid), response.bodyAsJsonObject().getJsonObject("message")
                      .getJsonObject("media").getJsonArray("waveform"));
                  kept.flag();
                });
                return null;
              });
          List<Future<Void>> checks = new ArrayList<>(List.of(validOne));
          broken.forEach((name, field) -> checks.add(wes.upload(roomId, "clip.wav", clip, "audio/wav",
              Map.of("waveform", field)).map(response -> {
                testContext.verify(() -> {
                  assertEquals(400, response.statusCode(), name + ": " + response.bodyAsString());
                  assertNotNull(response.bodyAsJsonObject().getJsonObject("error"), name);
                  refused.flag();
                });
                return null;
              })));
          return Future.all(checks);
        }))
        .onFailure(testContext::failNow);
  }

  @Test
  void programsAndFilesOverTheLimitAreRefusedAndLeaveNothing(Vertx vertx, VertxTestContext testContext) {
    Checkpoint refused = testContext.checkpoint(3);
    Checkpoint nothingLeft = testContext.checkpoint();
    ChatClient.register(vertx, port, SharedInfra.unique("rex"), PASSWORD)
        .compose(rex -> rex.createRoom(SharedInfra.unique("limits")).compose(room -> countObjects(vertx)
            .compose(before -> {
              String roomId = room.getString("id");
              Map<String, Future<HttpResponse<Buffer>>> attempts = new LinkedHashMap<>();
              attempts.put("415 a Windows program named like a document", rex.upload(roomId, "invoice.pdf",
                  MediaFixtures.windowsProgram(), "application/pdf", Map.of()));
              attempts.put("413 a file one byte over the limit", rex.upload(roomId, "big.bin",
                  MediaFixtures.randomBytes(MAX_FILE_BYTES + 1), OCTET_STREAM, Map.of()));
              // Over the body limit (the image limit, 10 MiB, is the larger here): cut off while streaming.
              attempts.put("413 refused while streaming", rex.upload(roomId, "huge.bin",
                  MediaFixtures.randomBytes(16 * 1024 * 1024), OCTET_STREAM, Map.of()));
              List<Future<Void>> checks = new ArrayList<>();
              attempts.forEach((name, attempt) -> checks.add(attempt.map(response -> {
                testContext.verify(() -> {
                  assertEquals(Integer.parseInt(name.substring(0, 3)), response.statusCode(),
                      name + ": " + response.bodyAsString());
                  assertNotNull(response.bodyAsJsonObject().getJsonObject("error").getString("message"), name);
                  refused.flag();
                });
                return null;
              })));
              return Future.all(checks)
                  .compose(v -> Future.all(countObjects(vertx), rex.history(roomId, "")))
                  .map(after -> {
                    testContext.verify(() -> {
                      assertEquals(before, after.<Integer>resultAt(0), "no object may be left behind");
                      assertEquals(new JsonArray(), after.<JsonArray>resultAt(1), "nothing may be posted");
                      nothingLeft.flag();
                    });
                    return null;
                  });
            })))
        .onFailure(testContext::failNow);
  }

  /** Sends the multipart body by hand: the web client refuses to send names with path separators or NUL. */
  private static Future<HttpResponse<Buffer>> upload(ChatClient client, String roomId, Shared file) {
    String boundary = "kaftalk-test-boundary";
    Buffer body = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + file.sentName() + "\"\r\nContent-Type: image/png\r\n\r\n", "UTF-8")
        .appendBuffer(file.bytes())
        .appendString("\r\n--" + boundary + "--\r\n");
    return client.sendRaw(HttpMethod.POST, "/api/rooms/" + roomId + "/media",
        Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body);
  }

  /** The header for names of plain ASCII letters, digits and dots, and for the one with others. */
  private static String disposition(String name) {
    if (name.startsWith("Überblick")) {
      return "attachment; filename=\"_berblick _ Q3.txt\"; filename*=UTF-8''%C3%9Cberblick%20%E2%80%93%20Q3.txt";
    }
    return "attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name;
  }

  /** A minimal, valid one-page PDF. */
  private static Buffer pdf() {
    String pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        + "trailer<</Root 1 0 R>>\n%%EOF\n";
    return Buffer.buffer(pdf.getBytes(StandardCharsets.US_ASCII));
  }

  private static Buffer zip(Map<String, String> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  /** The parts of an Office Open XML workbook, in the order Office writes them ([Content_Types].xml first). */
  private static Buffer xlsx() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
        + "package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
        + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
    parts.put("_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>");
    parts.put("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>");
    return zip(parts);
  }

  private static Future<Integer> countObjects(Vertx vertx) {
    return MediaFixtures.countObjects(vertx, s3, bucket);
  }
}
