/** The goals of issue 7, each stated once; the table prints them beside the figures. */
export const GOALS = {
  /** The probe's run (and CPU) over the floor's, same flow. */
  probeToFloor: 1.2,
  /** The CLI process over the floor process, same flow. */
  cliToFloorProcess: 1.2,
  /** Importing the bundled handler in a fresh Node, over a bare `node -e ""`. */
  importOverBareMs: 100,
  /** The minified bundle (index.js in the zip). */
  bundleBytes: 600 * 1024,
  /** A relay that refuses, closes or is not there: one round trip, far from the 10 s deadline. */
  fastFailureMs: 100,
  /** A silent relay's verdict lands at its deadline, at most this much later. */
  deadlineOvershootMs: 100,
  /** Heap after forced GC, last sample over the first after warm-up, in a 2,000-run soak. */
  soakHeapGrowthBytes: 1024 * 1024,
  /** RSS over the same span, apart from V8's young generation (which grows to a fixed cap under load). */
  soakRssGrowthBytes: 4 * 1024 * 1024,
  /** Objects a run leaves in the heap once warm (V8's compiled code aside): a leak of one small object shows. */
  soakRetainedBytesPerRun: 32,
};
