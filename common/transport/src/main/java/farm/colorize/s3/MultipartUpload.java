package farm.colorize.s3;

import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One file put in parts. An upload that fails is aborted, so no invisible parts are left to pay
 * for. A part is read into memory, so a thread needs a part's bytes of heap at most.
 */
final class MultipartUpload {
  /** S3 allows no more parts in one upload. */
  private static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final ObjectUri target;

  MultipartUpload(S3Client s3, ObjectUri target) {
    this.s3 = s3;
    this.target = target;
  }

  void put(Path file, long size, long partSize) throws IOException {
    long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    String uploadId = s3.createMultipartUpload(request -> request.bucket(target.bucket()).key(target.key()))
        .uploadId();
    boolean completed = false;
    try (FileChannel channel = FileChannel.open(file)) {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0; offset < size; offset += part) {
        int number = parts.size() + 1;
        byte[] bytes = read(channel, offset, (int) Math.min(part, size - offset));
        String etag = s3.uploadPart(request -> request.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
            .partNumber(number), RequestBody.fromBytes(bytes)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      s3.completeMultipartUpload(request -> request.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
          .multipartUpload(upload -> upload.parts(parts)));
      completed = true;
    } finally {
      if (!completed) {
        abortQuietly(uploadId);
      }
    }
  }

  private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException("The file shrank while it was uploaded");
      }
    }
    return buffer.array();
  }

  private void abortQuietly(String uploadId) {
    try {
      s3.abortMultipartUpload(request -> request.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
    } catch (SdkException e) {
      // The upload's own failure is what the caller needs to hear; a leftover upload expires by lifecycle rules.
    }
  }
}
