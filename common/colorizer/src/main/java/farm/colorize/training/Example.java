package farm.colorize.training;

import farm.colorize.imaging.DecodedImage;

/**
 * One training photograph, kept in memory at a working size (its short side a little above
 * the model's input, room for zoom and crop).
 *
 * @param source where it came from, relative to its data folder
 * @param digest SHA-256 of the file's bytes: what names its cached features, wherever it lives
 */
record Example(String source, String digest, DecodedImage image) {}
