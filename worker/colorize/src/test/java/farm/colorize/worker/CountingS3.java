package farm.colorize.worker;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Storage as another client serves it, counting the reads asked of it and the object bytes taken from them. */
final class CountingS3 implements S3Client {
  final AtomicInteger gets = new AtomicInteger();
  final AtomicLong bytesRead = new AtomicLong();
  private final S3Client s3;

  CountingS3(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
    gets.incrementAndGet();
    ResponseInputStream<GetObjectResponse> in = s3.getObject(request);
    InputStream counted = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int read = super.read();
        bytesRead.addAndGet(read < 0 ? 0 : 1);
        return read;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        bytesRead.addAndGet(Math.max(0, read));
        return read;
      }
    };
    return new ResponseInputStream<>(in.response(), AbortableInputStream.create(counted, in));
  }

  @Override
  public String serviceName() {
    return s3.serviceName();
  }

  @Override
  public void close() {
    s3.close();
  }
}
