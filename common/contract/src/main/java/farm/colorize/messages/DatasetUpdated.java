package farm.colorize.messages;

import java.time.Instant;

/**
 * A new version of a training dataset, on {@code colorize.datasets}, keyed by dataset name.
 *
 * @param manifest {@code s3://...manifest.jsonl}, one image URI per line
 * @param images how many images the manifest lists
 */
public record DatasetUpdated(int schema, String dataset, String version, String manifest, int images,
    Instant publishedAt) {
  public DatasetUpdated {
    Messages.requireSchema(schema);
    Names.require("dataset", dataset);
    Names.require("version", version);
    farm.colorize.storage.ObjectUri.parse(Names.present("manifest", manifest));
    if (images < 0) {
      throw new IllegalArgumentException("images cannot be negative: " + images);
    }
  }
}
