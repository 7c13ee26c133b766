package farm.colorize.cli;

import farm.colorize.model.Architecture;

/** {@link Architecture} as users type it. */
enum ArchitectureOption {
  full(Architecture.FULL), beta(Architecture.BETA), unet(Architecture.UNET);

  final Architecture value;

  ArchitectureOption(Architecture value) {
    this.value = value;
  }
}
