package farm.colorize.s3;

import farm.colorize.s3.ObjectStore.TooLargeException;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes, up to a limit. A stream given up on (too large, or closed before its end) is
 * aborted: closing it normally would first download the rest to keep the connection. Every way of
 * reading goes through {@link #read(byte[], int, int)}, so none escapes the count.
 */
final class CappedInputStream extends InputStream {
  private final ObjectUri object;
  private final ResponseInputStream<GetObjectResponse> response;
  private final long limit;
  private long count;
  private boolean ended;

  private CappedInputStream(ObjectUri object, ResponseInputStream<GetObjectResponse> response, long limit) {
    this.object = object;
    this.response = response;
    this.limit = limit;
  }

  /** Refuses at once an object whose announced size is over {@code limit}. */
  static CappedInputStream of(ObjectUri object, ResponseInputStream<GetObjectResponse> response, long limit)
      throws TooLargeException {
    Long length = response.response().contentLength();
    if (length != null && length > limit) {
      response.abort();
      throw new TooLargeException(object, length, limit);
    }
    return new CappedInputStream(object, response, limit);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    // One byte past the limit is enough to know it was passed.
    int read = response.read(buffer, offset, (int) Math.min(length, limit - count + 1));
    counted(read);
    return read;
  }

  @Override
  public int available() throws IOException {
    return response.available();
  }

  private void counted(int read) throws TooLargeException {
    if (read < 0) {
      ended = true;
      return;
    }
    count += read;
    if (count > limit) {
      response.abort();
      throw new TooLargeException(object, limit);
    }
  }

  @Override
  public void close() throws IOException {
    if (!ended) {
      response.abort();
    }
    response.close();
  }
}
