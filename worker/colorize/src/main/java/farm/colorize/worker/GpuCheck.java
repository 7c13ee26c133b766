package farm.colorize.worker;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.launcher.Distribution;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * `colorize check --gpu`: the GPUs TensorFlow sees, and one batch of the bundled model run on the
 * first. Where there is none it says why in one line: the CPU natives, no CUDA runtime, or CUDA
 * present but no device TensorFlow can use (a driver, CUDA or cuDNN that does not match the
 * natives' build: CUDA 12.3 and cuDNN 8.9 for TensorFlow 2.16).
 */
final class GpuCheck {
  private static final int BATCH = 8;

  private GpuCheck() {}

  static boolean report(PrintWriter out, PrintWriter err) throws IOException {
    boolean gpuNatives = TensorFlowNatives.load().getFileName().toString().endsWith("-gpu");
    int gpus = Engine.getEngine("TensorFlow").getGpuCount();
    String cuda = CudaUtils.hasCuda() ? "CUDA " + CudaUtils.getCudaVersionString() : "no CUDA runtime";
    out.printf("GPUs TensorFlow sees: %d (%s)%n", gpus, cuda);
    if (gpus == 0) {
      err.println("colorize check: TensorFlow sees no GPU: " + (!gpuNatives
          ? "these are the CPU natives (the CPU distribution); run the GPU image, or build with -Pgpu"
          : !CudaUtils.hasCuda() ? "the CUDA 12 runtime (libcudart) is not on the library path"
          : "CUDA is there but no device is usable: check the driver (nvidia-smi) and that CUDA 12.3 and cuDNN 8.9,"
              + " which TensorFlow 2.16 was built against, are installed"));
      err.flush();
      return false;
    }
    for (int gpu = 0; gpu < gpus; gpu++) {
      out.printf("gpu(%d): compute capability %s%n", gpu, CudaUtils.getComputeCapability(gpu));
    }
    return colorizeOneBatch(out, err);
  }

  private static boolean colorizeOneBatch(PrintWriter out, PrintWriter err) throws IOException {
    try (Colorizer colorizer = Colorizer.load(Bundles.open(Distribution.modelOr(null)), InferenceSettings.DEFAULT)) {
      List<DecodedImage> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(new DecodedImage(PixelLayout.GRAY8.create(640, 480), PixelLayout.GRAY8, "png"));
      }
      long start = System.nanoTime();
      colorizer.colorize(batch, false);
      out.printf("colorized a batch of %d on %s in %d ms%n", BATCH, Engine.getEngine("TensorFlow").defaultDevice(),
          (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (InvalidBundleException | RuntimeException e) {
      err.println("colorize check: the GPU could not run the model: " + e.getMessage());
      err.flush();
      return false;
    }
  }
}
