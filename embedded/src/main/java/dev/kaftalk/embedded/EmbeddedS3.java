package dev.kaftalk.embedded;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** An in-process S3-compatible server (s3proxy) that keeps objects as files under a directory. */
public final class EmbeddedS3 implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

  private final S3Proxy proxy;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts on 127.0.0.1; a {@code port} of 0 picks a free one. */
  public static EmbeddedS3 start(Path baseDir, int port, String accessKey, String secretKey) {
    try {
      Files.createDirectories(baseDir);
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().normalize().toString()))
          .endpoint(URI.create("http://127.0.0.1:" + port))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
          .build();
      proxy.start();
      EmbeddedS3 s3 = new EmbeddedS3(proxy);
      LOG.info("S3 store listening on {} (data {})", s3.endpoint(), baseDir);
      return s3;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded S3 store on port " + port + ": " + e.getMessage(), e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
      LOG.info("S3 store stopped");
    } catch (Exception e) {
      LOG.warn("S3 store did not stop cleanly: {}", e.getMessage());
    }
  }
}
