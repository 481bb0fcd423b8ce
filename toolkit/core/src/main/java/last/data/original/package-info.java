/**
 * Readers of the original releases, for users who have the files: CIFAR-10 binary, the LRA TSV and Pathfinder files,
 * Speech Commands v0.02 WAV folders (docs/data.md 1.4, 5). Every reader fails with a message naming the file and the
 * problem (wrong magic, truncation, bad label).
 *
 * <p>Implements: Paper Sec. 4 (the tasks' data); docs/data.md.
 *
 * <p>May import: last.data and its sibling sub-packages, the JDK, Jackson; never DJL or a package above last.data.
 */
package last.data.original;
