package farm.colorize.tensorflow;

import java.nio.file.Path;

/** Run in a child JVM by {@link TensorFlowNativesTest} to race another process on one cache. */
public final class ExtractNativesMain {
  private ExtractNativesMain() {}

  public static void main(String[] args) {
    Path dir = TensorFlowNatives.extract(TensorFlowNatives.NativesPlatform.of("Linux", "amd64"),
        TensorFlowNatives.ClassLoaderSource.of(ExtractNativesMain.class.getClassLoader()), Path.of(args[0]));
    System.out.println(dir);
  }
}
