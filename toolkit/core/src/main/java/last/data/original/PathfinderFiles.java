package last.data.original;

import last.data.SequenceDataset;
import last.data.generate.Pathfinder;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reader of the released LRA Pathfinder / Path-X files ({@code lra_release/pathfinder32}, {@code pathfinder128}),
 * for when the real images are at hand; {@link Pathfinder} generates equivalent data otherwise (docs/data.md 2.2).
 *
 * <p>Expected layout of one difficulty level, e.g. {@code pathfinder32/curv_contour_length_14/} (the only level
 * S4/S5/LAST use):
 * <pre>
 *   root/metadata/0.npy, 1.npy, ... 199.npy   plain text despite the extension, one image per line:
 *                                             "imgs/0 sample_0.png 0 1 ..." = subdir, file, index, label, more columns
 *   root/imgs/0/sample_0.png, ...             8-bit grayscale PNGs, all of one size (32 x 32 or 128 x 128)
 * </pre>
 * The image of a line is {@code root/<column 0>/<column 1>} and its label is column 3 (0 or 1), as S5 reads them.
 * Metadata files are read in numeric order of their names (then by name), lines in file order.
 *
 * <p>Pixels are normalised as S5 does (PIL "L", ToTensor, Normalize(0.5, 0.5)): {@code x = (p/255 - 0.5) / 0.5},
 * in [-1, 1], flattened row-major to L = side^2 with one feature. Non-grayscale 8-bit PNGs are converted with the
 * PIL "L" luma {@link Cifar10#gray}.
 */
public final class PathfinderFiles {
    private PathfinderFiles() {}

    /** One metadata line: the image file and its label. */
    public record Entry(Path image, int label) {}

    /** All metadata lines of {@code root}; problems are IllegalArgumentExceptions naming the file and line. */
    public static List<Entry> entries(Path root) {
        Path meta = root.resolve("metadata");
        if (!Files.isDirectory(meta)) throw new IllegalArgumentException("missing Pathfinder metadata directory " + meta);
        List<Path> files;
        try (Stream<Path> s = Files.list(meta)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + meta + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new IllegalArgumentException(meta + ": no metadata files");
        files.sort(Comparator.comparingLong(PathfinderFiles::numericStem).thenComparing(p -> p.getFileName().toString()));
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                for (int no = 1; (line = r.readLine()) != null; no++) {
                    if (line.isBlank()) continue;
                    String[] c = line.strip().split("\\s+");
                    if (c.length < 4) throw new IllegalArgumentException(f + " line " + no + ": expected at least 4 columns (subdir file index label), found " + c.length);
                    int label;
                    try { label = Integer.parseInt(c[3]); }
                    catch (NumberFormatException e) { throw new IllegalArgumentException(f + " line " + no + ": label '" + c[3] + "' is not an integer"); }
                    if (label != 0 && label != 1) throw new IllegalArgumentException(f + " line " + no + ": label " + label + " is outside [0, 2)");
                    try {
                        out.add(new Entry(root.resolve(c[0]).resolve(c[1]), label));
                    } catch (java.nio.file.InvalidPathException e) {
                        throw new IllegalArgumentException(f + " line " + no + ": '" + c[0] + "/" + c[1] + "' is not a valid path", e);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read Pathfinder metadata file " + f + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(meta + ": the metadata files " + files.stream().map(p -> p.getFileName().toString()).toList()
                + " list no images (empty split)");
        return out;
    }

    /** The first {@code limit} images of {@code root} (all when limit <= 0), in metadata order; all must share one size. */
    public static Pathfinder.Image[] images(Path root, int limit) {
        List<Entry> e = entries(root);
        int n = limit <= 0 ? e.size() : Math.min(limit, e.size());
        Pathfinder.Image[] out = new Pathfinder.Image[n];
        for (int i = 0; i < n; i++) {
            out[i] = readImage(e.get(i).image(), e.get(i).label());
            if (out[i].size() != out[0].size())
                throw new IllegalArgumentException(e.get(i).image() + " is " + out[i].size() + " x " + out[i].size() + " but "
                        + e.get(0).image() + " is " + out[0].size() + " x " + out[0].size());
        }
        return out;
    }

    /** One square 8-bit PNG as a {@link Pathfinder.Image} with the given label. */
    public static Pathfinder.Image readImage(Path png, int label) {
        if (!Files.isRegularFile(png)) throw new IllegalArgumentException("missing Pathfinder image " + png);
        BufferedImage im;
        try {
            checkDimensions(png);
            im = ImageIO.read(png.toFile());
        } catch (IOException | RuntimeException e) {   // ImageIO's decoders also throw unchecked exceptions on corrupt input
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains(png.toString())) throw (IllegalArgumentException) e;
            throw new IllegalArgumentException("cannot decode image " + png + " (truncated or corrupt?): " + e, e);
        }
        if (im == null) throw new IllegalArgumentException(png + " is not a PNG (no image reader recognises it)");
        int w = im.getWidth(), h = im.getHeight();
        if (w != h) throw new IllegalArgumentException(png + " is " + w + " x " + h + ", not square");
        Raster r = im.getRaster();
        for (int b = 0; b < r.getNumBands(); b++)
            if (r.getSampleModel().getSampleSize(b) > 8)
                throw new IllegalArgumentException(png + " has " + r.getSampleModel().getSampleSize(b) + "-bit samples; expected 8-bit grayscale");
        byte[] px = new byte[w * h];
        boolean gray = im.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (gray) { px[y * w + x] = (byte) r.getSample(x, y, 0); continue; }
                int rgb = im.getRGB(x, y);
                px[y * w + x] = (byte) Cifar10.gray((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
            }
        return new Pathfinder.Image(w, px, label, new int[0]);   // marker positions are not stored in the files
    }

    /** Largest side accepted: the LRA sets go up to 256 (Path-X); a corrupt header must not make the decoder allocate gigabytes. */
    static final int MAX_SIDE = 4096;

    /** Reads only the image header and refuses absurd dimensions before the decoder allocates a raster for them. */
    private static void checkDimensions(Path png) throws IOException {
        checkPngChunks(png);
        try (var in = ImageIO.createImageInputStream(png.toFile())) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return;                       // ImageIO.read returns null below: "not a PNG"
            var reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE)
                    throw new IllegalArgumentException(png + " declares " + w + " x " + h + " pixels (corrupt header?); at most "
                            + MAX_SIDE + " per side are accepted");
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Walks the chunks of a PNG and checks each one's CRC-32: Java's decoder ignores the CRCs, so a changed byte in
     * the header or the pixel data could otherwise decode to a silently different image. Files without the PNG
     * signature are left to ImageIO (which then reports them as not a PNG).
     */
    static void checkPngChunks(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (b.length < 8 || !java.util.Arrays.equals(b, 0, 8, sig, 0, 8)) return;
        var bb = java.nio.ByteBuffer.wrap(b);
        for (int o = 8; ; ) {
            if (o + 12 > b.length) throw new IllegalArgumentException(png + " is truncated: a PNG chunk at byte " + o + " is cut off");
            long len = bb.getInt(o) & 0xffffffffL;
            if (o + 12 + len > b.length) throw new IllegalArgumentException(png + " is truncated: PNG chunk at byte " + o + " announces " + len + " bytes");
            var crc = new java.util.zip.CRC32();
            crc.update(b, o + 4, (int) (4 + len));
            String type = new String(b, o + 4, 4, StandardCharsets.ISO_8859_1);
            if ((int) crc.getValue() != bb.getInt(o + 8 + (int) len))
                throw new IllegalArgumentException(png + " is corrupt: the CRC of PNG chunk '" + type + "' at byte " + o + " does not match");
            o += 12 + (int) len;
            if (type.equals("IEND")) return;
        }
    }

    /** The first {@code limit} images of {@code root} (all when limit <= 0) as a [-1, 1] dataset (n, side^2, 1). */
    public static SequenceDataset dataset(Path root, String name, int limit) {
        return Pathfinder.toDataset(name, images(root, limit));
    }

    /**
     * S4/S5's split of one difficulty level: a seeded random permutation, then val = floor(n/10),
     * test = floor(n/10) and train = the rest (160k/20k/20k for the 200k released images). Names
     * {@code name/train}, {@code name/val}, {@code name/test}.
     */
    public static SequenceDataset[] splits(Path root, String name, int limit, long seed) {
        SequenceDataset all = dataset(root, name, limit);
        int n = all.size(), nv = n / 10, nt = n / 10, ntr = n - nv - nt;
        if (nv == 0) throw new IllegalArgumentException(root + ": " + n + " images are too few for a 80/10/10 split (empty split)");
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = p[i]; p[i] = p[j]; p[j] = t; }
        return new SequenceDataset[]{all.subset(name + "/train", java.util.Arrays.copyOfRange(p, 0, ntr)),
                all.subset(name + "/val", java.util.Arrays.copyOfRange(p, ntr, ntr + nv)),
                all.subset(name + "/test", java.util.Arrays.copyOfRange(p, ntr + nv, n))};
    }

    private static long numericStem(Path p) {
        String s = p.getFileName().toString();
        int dot = s.indexOf('.');
        try { return Long.parseLong(dot < 0 ? s : s.substring(0, dot)); }
        catch (NumberFormatException e) { return Long.MAX_VALUE; }
    }
}
