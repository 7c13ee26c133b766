package farm.colorize.color;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LabRow} in SIMD with the Vector API: 16 pixels an instruction with AVX-512, 8 with
 * AVX2. HotSpot's own vectorizer left the same arithmetic scalar (3.5-7 ns a pixel for the Lab to
 * RGB step alone, against 0.6 here). The same definition as {@link GamutMapping}: skimage's Lab
 * to linear RGB (in float: its error, 1e-7, is a hundredth of a 16-bit level), and for colours
 * outside sRGB the largest of 2^-10 steps of their chroma that fits, searched for 16 colours at
 * once with every step in registers. In float, a colour whose edge lies within float's rounding
 * of a step may stop a step (2^-10 of its chroma) from the definition's, less than a level: the
 * search in double, in arrays of 8, took twice as long. 16 bits need it (up to 17 levels of
 * 65,535 apart in float): their outside colours go to {@link GamutMapping}'s search, their levels
 * to {@link SrgbLevels}' table. 8-bit levels are computed in SIMD, within 0.003 of a level of the
 * table's.
 *
 * <p>Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector} (the launchers
 * and images do): see {@link LabRow#create}.
 */
final class VectorLabRow implements LabRow {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
  /** Added to a float below 2^22, leaves its nearest integer in the low bits of the mantissa. */
  private static final float ROUNDING = 0x1.8p23f;
  private static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);
  /** Where sRGB's curve turns into its line, in linear light. */
  private static final float CURVE_START = 0.0031308f;
  // skimage's RGB-from-XYZ matrix with the white point's X and Z folded in: a multiplication
  // fewer for X and for Z.
  private static final float RX = (float) (CieLab.RX * CieLab.WHITE_X);
  private static final float GX = (float) (CieLab.GX * CieLab.WHITE_X);
  private static final float BX = (float) (CieLab.BX * CieLab.WHITE_X);
  private static final float RY = (float) CieLab.RY;
  private static final float GY = (float) CieLab.GY;
  private static final float BY = (float) CieLab.BY;
  private static final float RZ = (float) (CieLab.RZ * CieLab.WHITE_Z);
  private static final float GZ = (float) (CieLab.GZ * CieLab.WHITE_Z);
  private static final float BZ = (float) (CieLab.BZ * CieLab.WHITE_Z);
  private static final float LOW = (float) -CieLab.GAMUT_TOLERANCE;
  private static final float HIGH = (float) (1 + CieLab.GAMUT_TOLERANCE);

  static {
    // Loads every vector class used here before the JIT compiles a method that uses them: a
    // method compiled while one was not yet loaded kept its vectors as objects for the rest of
    // the run (4 to 8 times slower, in one run of two at random).
    float[] floats = new float[FLOATS.length()];
    int[] ints = new int[FLOATS.length()];
    FloatVector f = FloatVector.fromArray(FLOATS, floats, 0);
    f.blend(1f, f.compare(VectorOperators.GT, 0f).or(f.compare(VectorOperators.LT, 0f))).intoArray(floats, 0);
    IntVector i = f.reinterpretAsInts().lanewise(VectorOperators.LSHR, 1).and(1).or(1).add(1).sub(1);
    ((FloatVector) i.convert(VectorOperators.I2F, 0)).intoArray(floats, 0);
    i.lanewise(VectorOperators.LSHL, 1).intoArray(ints, 0);
    f.blend(0f, f.compare(VectorOperators.LE, 1f).and(f.compare(VectorOperators.GE, 0f)).not()).intoArray(floats, 0);
  }

  private final SrgbLevels levels;
  /** The chroma search in double, which 16 bits need. */
  private final GamutMapping sixteenBitSearch = new GamutMapping();
  private final float[] l;
  private final float[] a;
  private final float[] b;
  private final float[] red;
  private final float[] green;
  private final float[] blue;
  private final int[] outside;
  /** 1 for each pixel outside sRGB, else 0. */
  private final float[] outsideFlags;
  private final float[] fy;
  private final float[] da;
  private final float[] db;
  /** The scales found for one vector of colours. */
  private final float[] lows = new float[FLOATS.length()];

  private VectorLabRow(int width, SrgbLevels levels) {
    this.levels = levels;
    int padded = width + FLOATS.length();
    l = new float[padded];
    a = new float[padded];
    b = new float[padded];
    red = new float[padded];
    green = new float[padded];
    blue = new float[padded];
    outside = new int[padded];
    outsideFlags = new float[padded];
    fy = new float[padded];
    da = new float[padded];
    db = new float[padded];
  }

  /** Declared as the interface, so that callers never load this class where its module is absent. */
  static LabRow create(int width, SrgbLevels levels) {
    return new VectorLabRow(width, levels);
  }

  @Override
  public void toLevels(float[] lightness, float[] aOf, float[] bOf, int width, int[] r, int[] g, int[] bl) {
    // Copied into arrays with room for a whole vector past the row: no masked loads, which the
    // JIT compiles to calls rather than instructions.
    System.arraycopy(lightness, 0, l, 0, width);
    System.arraycopy(aOf, 0, a, 0, width);
    System.arraycopy(bOf, 0, b, 0, width);
    int count = toLinearRgb(width);
    boolean sixteenBits = levels == SrgbLevels.SIXTEEN_BIT;
    if (count > 0 && sixteenBits) {
      sixteenBitSearch.mapOutside(l, a, b, outside, count, red, green, blue);
    } else if (count > 0) {
      bisect(count);
    }
    int x = 0;
    if (!sixteenBits) {
      // A plane a call, the vectors inside one loop: a vector passed to a method the JIT does not
      // inline becomes an object.
      eightBitLevels(red, r, width);
      eightBitLevels(green, g, width);
      x = eightBitLevels(blue, bl, width);
    }
    // 16-bit levels, and the 8-bit ones past the last whole vector, by the table.
    for (; x < width; x++) {
      r[x] = levels.level(red[x]);
      g[x] = levels.level(green[x]);
      bl[x] = levels.level(blue[x]);
    }
  }

  /**
   * Fills {@code levels} with the 8-bit sRGB levels of linear light in {@code plane} in whole
   * vectors; returns where they end. The levels are within 0.003 of a level of {@link SrgbLevels}'
   * exact ones: the curve's power through the float's exponent and mantissa, log2 and exp2 as
   * polynomials (errors 1.4e-5 and 3.6e-6). Java 17's gathers made the table slower than this, and
   * its float-to-int conversion is not compiled to an instruction (30 times slower): floats are
   * rounded to integers by adding 1.5 x 2^23, which leaves the integer in the mantissa's bits.
   */
  private static int eightBitLevels(float[] plane, int[] levels, int width) {
    // One loop body, no helper: a helper compiled on its own first grows too large to be inlined
    // later, and then every vector it takes or returns is an object (a run 4 times slower, at random).
    int at = 0;
    for (; at + FLOATS.length() <= width; at += FLOATS.length()) {
      FloatVector linear = FloatVector.fromArray(FLOATS, plane, at);
      // Also NaN, from a broken prediction, to black, as the table does.
      FloatVector x = FloatVector.zero(FLOATS).blend(linear.min(1f), linear.compare(VectorOperators.GT, 0f));
      IntVector bits = x.reinterpretAsInts();
      FloatVector exponent = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0);
      FloatVector t = bits.and(0x7FFFFF).or(0x3F800000).reinterpretAsFloats().sub(1f);
      FloatVector log2 = t.mul(0.04392957f).add(-0.18983641f).mul(t).add(0.41156681f).mul(t).add(-0.70725636f)
          .mul(t).add(1.44159271f).mul(t).add(1.43541059e-5f).add(exponent);
      // x^(1/2.4) = 2^n 2^f with n the nearest integer and f in [-0.5, 0.5]
      FloatVector power = log2.mul(1 / 2.4f);
      FloatVector shifted = power.add(ROUNDING);
      IntVector n = shifted.reinterpretAsInts().sub(ROUNDING_BITS);
      FloatVector f = power.sub(shifted.sub(ROUNDING));
      FloatVector fraction = f.mul(0.00967604193f).add(0.0559220775f).mul(f).add(0.240221073f).mul(f)
          .add(0.693121029f).mul(f).add(1.00000008f);
      FloatVector root = fraction.reinterpretAsInts().add(n.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
      FloatVector encoded = x.mul(12.92f).blend(root.mul(1.055f).sub(0.055f), x.compare(VectorOperators.GT, CURVE_START));
      encoded.mul(255f).add(ROUNDING).reinterpretAsInts().sub(ROUNDING_BITS).intoArray(levels, at);
    }
    return at;
  }

  /** Fills the red, green and blue planes; returns how many pixels lie outside sRGB, listed in {@code outside}. */
  private int toLinearRgb(int width) {
    int count = 0;
    for (int x = 0; x < width; x += FLOATS.length()) {
      FloatVector fyOf = FloatVector.fromArray(FLOATS, l, x).add(16f).mul((float) CieLab.INVERSE_116);
      FloatVector cx = inverse(fyOf.add(FloatVector.fromArray(FLOATS, a, x).mul((float) CieLab.INVERSE_500)));
      FloatVector cy = inverse(fyOf);
      FloatVector cz = inverse(fyOf.sub(FloatVector.fromArray(FLOATS, b, x).mul((float) CieLab.INVERSE_200)).max(0f));
      FloatVector r = cx.mul(RX).add(cy.mul(RY)).add(cz.mul(RZ));
      FloatVector g = cx.mul(GX).add(cy.mul(GY)).add(cz.mul(GZ));
      FloatVector bl = cx.mul(BX).add(cy.mul(BY)).add(cz.mul(BZ));
      r.intoArray(red, x);
      g.intoArray(green, x);
      bl.intoArray(blue, x);
      VectorMask<Float> outsideSrgb = r.max(g).max(bl).compare(VectorOperators.GT, HIGH)
          .or(r.min(g).min(bl).compare(VectorOperators.LT, LOW));
      FloatVector.zero(FLOATS).blend(1f, outsideSrgb).intoArray(outsideFlags, x);
    }
    // Listed without a branch: a fifth of a photograph's pixels are outside, in no pattern the
    // CPU could predict.
    for (int x = 0; x < width; x++) {
      outside[count] = x;
      count += (int) outsideFlags[x];
    }
    return count;
  }

  /** skimage's inverse of f: the cube above the break, its line below, chosen per lane. */
  private static FloatVector inverse(FloatVector t) {
    FloatVector cube = t.mul(t).mul(t);
    FloatVector line = t.sub((float) CieLab.OFFSET).mul((float) CieLab.INVERSE_KAPPA_SLOPE);
    return line.blend(cube, t.compare(VectorOperators.GT, (float) CieLab.INVERSE_BREAK));
  }

  /**
   * The largest scale of each listed pixel's chroma that fits, to 2^-10, and its linear RGB at
   * that scale: a whole vector of colours searched at a time, every step in registers.
   */
  private void bisect(int count) {
    for (int i = 0; i < count; i++) {
      int x = outside[i];
      fy[i] = (l[x] + 16f) * (float) CieLab.INVERSE_116;
      da[i] = a[x] * (float) CieLab.INVERSE_500;
      db[i] = b[x] * (float) CieLab.INVERSE_200;
    }
    // Whole vectors past the count too: their lanes hold leftovers, computed and never read.
    for (int i = 0; i < count; i += FLOATS.length()) {
      search(i);
    }
    // The colours found, in the inputs' arrays (done with), scattered back.
    for (int i = 0; i < count; i++) {
      int x = outside[i];
      red[x] = fy[i];
      green[x] = da[i];
      blue[x] = db[i];
    }
  }

  /**
   * The search for the vector of listed colours from {@code i}, their RGB left in place of their
   * inputs. Methods of their own, and two of them: in one method the search outgrew what the JIT
   * inlines in one compilation (NodeCountInliningCutoff), and ran the Vector API's fallback code.
   */
  private void search(int i) {
    FloatVector fyOf = FloatVector.fromArray(FLOATS, fy, i);
    FloatVector dA = FloatVector.fromArray(FLOATS, da, i);
    FloatVector dB = FloatVector.fromArray(FLOATS, db, i);
    FloatVector y = inverse(fyOf);
    FloatVector yRed = y.mul(RY);
    FloatVector yGreen = y.mul(GY);
    FloatVector yBlue = y.mul(BY);
    // Listed because the full chroma does not fit: the bracket starts at [0, 1].
    FloatVector low = FloatVector.zero(FLOATS);
    FloatVector high = FloatVector.broadcast(FLOATS, 1f);
    for (int step = 0; step < GamutMapping.STEPS; step++) {
      FloatVector scale = low.add(high).mul(0.5f);
      FloatVector cx = inverse(fyOf.add(dA.mul(scale)));
      FloatVector cz = inverse(fyOf.sub(dB.mul(scale)).max(0f));
      FloatVector r = cx.mul(RX).add(yRed).add(cz.mul(RZ));
      FloatVector g = cx.mul(GX).add(yGreen).add(cz.mul(GZ));
      FloatVector bl = cx.mul(BX).add(yBlue).add(cz.mul(BZ));
      VectorMask<Float> fits = r.max(g).max(bl).compare(VectorOperators.LE, HIGH)
          .and(r.min(g).min(bl).compare(VectorOperators.GE, LOW));
      low = low.blend(scale, fits);
      high = high.blend(scale, fits.not());
    }
    low.intoArray(lows, 0);
    colourAtTheScalesFound(i);
  }

  /** The colours of the vector from {@code i} at the scales in {@code lows}, in place of their inputs. */
  private void colourAtTheScalesFound(int i) {
    FloatVector fyOf = FloatVector.fromArray(FLOATS, fy, i);
    FloatVector low = FloatVector.fromArray(FLOATS, lows, 0);
    FloatVector y = inverse(fyOf);
    FloatVector cx = inverse(fyOf.add(FloatVector.fromArray(FLOATS, da, i).mul(low)));
    FloatVector cz = inverse(fyOf.sub(FloatVector.fromArray(FLOATS, db, i).mul(low)).max(0f));
    cx.mul(RX).add(y.mul(RY)).add(cz.mul(RZ)).intoArray(fy, i);
    cx.mul(GX).add(y.mul(GY)).add(cz.mul(GZ)).intoArray(da, i);
    cx.mul(BX).add(y.mul(BY)).add(cz.mul(BZ)).intoArray(db, i);
  }
}
