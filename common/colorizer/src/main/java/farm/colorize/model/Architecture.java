package farm.colorize.model;

/**
 * Which network a colorizer is, named in every bundle's manifest.
 *
 * <ul>
 *   <li>{@link #FULL}: the seed article's "Full version" (Baldassarre et al. 2017): an encoder
 *       trained from scratch on L, the 1000-class embedding fused at its 1/8 grid, a decoder.
 *   <li>{@link #BETA}: the seed's "Beta version", the same encoder and decoder without the
 *       embedding: what the fusion buys is the difference between the two.
 *   <li>{@link #UNET}: the encoder is the embedder's own pretrained ImageNet network (MobileNet
 *       v1), frozen; the embedding is fused at its 1/16 feature map and the decoder takes skip
 *       connections from its 1/8 and 1/4 maps. Pretrained features are what keep a colorizer
 *       from memorising a small training set (the seed's encoder does).
 * </ul>
 */
public enum Architecture {
  FULL, BETA, UNET;

  /** Whether the encoder is a pretrained network rather than layers trained with the colorizer. */
  public boolean pretrainedEncoder() {
    return this == UNET;
  }

  /** Whether the class embedding reaches the decoder. */
  public boolean fusesEmbedding() {
    return this != BETA;
  }
}
