/**
 * Datasets of every task: sources fetched from registries (MNIST, Fashion-MNIST, IMDB), generators (ListOps, Pathfinder, the speech stand-in), readers of the original formats, and the dataset types training reads.
 *
 * <p>Implements: Paper Sec. 4 (tasks: pixel-level, LRA, Speech Commands).
 *
 * <p>May import: the JDK, Jackson and DJL NDArrays for batches (the DJL dependency is to move up to where batches meet the model).
 */
package last.data;
