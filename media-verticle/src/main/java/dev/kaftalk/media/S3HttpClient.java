package dev.kaftalk.media;

import io.minio.Http;
import io.minio.errors.MinioException;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client the MinIO SDK talks to the store with: the SDK's own defaults (timeouts, HTTP/1.1, its retry of
 * throttled requests), and the extra CAs of {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} only for an https endpoint.
 * The SDK reads those files one byte at a time, which takes seconds with a system's CA directory, so a plain-http
 * store (the embedded one) does not pay for certificates it never checks.
 */
final class S3HttpClient {

  private S3HttpClient() {
  }

  static OkHttpClient forEndpoint(String endpoint) throws MinioException {
    OkHttpClient client = new OkHttpClient.Builder()
        .connectTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .writeTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .readTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .protocols(List.of(Protocol.HTTP_1_1))
        .addInterceptor(new Http.StatusRetryInterceptor())
        .build();
    return endpoint.startsWith("https:") ? Http.enableExternalCertificatesFromEnv(client) : client;
  }
}
