package io.indexedcp.server.storage;

import io.indexedcp.server.config.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

/** {@link ChunkStorage} on the local (or a shared, mounted) file system. */
@ApplicationScoped
public class DiskChunkStorage implements ChunkStorage {

    /** Hidden directory of the output directory for chunks that are not placed yet. */
    public static final String STAGING_DIR = ".indexcp-staging";
    private static final String STAGED_SUFFIX = ".part";
    private static final String ASSEMBLY_SUFFIX = ".partial";
    /** A file moved out of the way of a newer upload of its name, deleted once that is committed. */
    private static final String REMOVED_SUFFIX = ".removed";
    private static final int BUFFER_BYTES = 256 * 1024;
    /** A file this large is hashed with a thread reading ahead: below it, too few pieces overlap to pay for the thread. */
    private static final long READ_AHEAD_FROM = 4L << 20;

    @Inject
    ServerSettings settings;

    private Path outputDir;
    /** The output directory's file store, once looked up ({@link #usableSpace}). */
    private volatile java.nio.file.FileStore store;
    private Path stagingDir;
    /** Direct I/O on the output directory's volume; replaced by tests that make it fail. */
    DirectIo direct;

    /** Threads that read a file ahead of its hashing (see {@link DirectIo}); none outside a container. */
    @Resource
    ManagedThreadFactory containerThreads;

    /** What {@link #sha256Hex} reads ahead with: the container's threads, or (tests) any. */
    ThreadFactory readAhead() {
        return containerThreads;
    }

    @PostConstruct
    void init() {
        open(settings.outputDirectory());
    }

    /** Uses {@code directory} as the output directory, creating it and the staging area if missing. */
    void open(Path directory) {
        outputDir = directory.toAbsolutePath().normalize();
        stagingDir = outputDir.resolve(STAGING_DIR);
        store = null;
        direct = new DirectIo(outputDir);
        try {
            Files.createDirectories(stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stagingDir, e);
        }
    }

    public Path outputDirectory() {
        return outputDir;
    }

    @Override
    public StagedChunk stage(InputStream body) throws IOException {
        String stagedAs = UUID.randomUUID() + STAGED_SUFFIX;
        Path file = stagingDir.resolve(stagedAs);
        long size = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int read;
            while ((read = body.read(buffer)) != -1) {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                size += read;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new StagedChunk(stagedAs, size);
    }

    @Override
    public void forceStaged(String stagedAs) throws IOException {
        try (FileChannel staged = FileChannel.open(stagingDir.resolve(stagedAs), StandardOpenOption.WRITE)) {
            staged.force(false);
        }
    }

    @Override
    public void forceStagingDirectory() throws IOException {
        forceDirectory(stagingDir);
    }

    @Override
    public void truncate(String file, long size) throws IOException {
        Path target = resolve(file);
        if (!Files.exists(target)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            if (channel.size() > size) {
                channel.truncate(size);
                channel.force(false);
            }
        }
    }

    @Override
    public TargetFile openTarget(String file, long offset) throws IOException {
        Path target = resolve(file);
        if (offset > 0 && !Files.exists(target)) {
            throw new java.nio.file.NoSuchFileException(target.toString());
        }
        return new OpenTarget(target, offset == 0);
    }

    /**
     * {@link TargetFile} on a channel opened by the first write: a chunk whose staging file is gone
     * must not leave a new, empty target file behind.
     */
    private final class OpenTarget implements TargetFile {

        private final Path path;
        private final boolean mayCreate;
        private FileChannel out;
        /** Opened by the first {@link #writeThrough} that can go direct; null before, and when refused. */
        private FileChannel directOut;
        private boolean outWritten;
        private boolean directWritten;

        OpenTarget(Path path, boolean mayCreate) {
            this.path = path;
            this.mayCreate = mayCreate;
        }

        private FileChannel out() throws IOException {
            if (out != null) {
                return out;
            }
            if (!mayCreate) {
                out = FileChannel.open(path, StandardOpenOption.WRITE);
                return out;
            }
            boolean created = !Files.exists(path);
            if (created) {
                ensureOwnerDirectory(path.getParent());
            }
            out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (created) {
                // The new directory entry, once, right away; later chunks into the same file only need their data synced.
                forceDirectory(path.getParent());
            }
            return out;
        }

        @Override
        public void copyStaged(String stagedAs, long offset) throws IOException {
            try (FileChannel in = FileChannel.open(stagingDir.resolve(stagedAs), StandardOpenOption.READ)) {
                FileChannel target = out();
                outWritten = true;
                long size = in.size();
                long done = 0;
                while (done < size) {
                    done += in.transferTo(done, size - done, target.position(offset + done));
                }
            }
        }

        @Override
        public void write(byte[] bytes, long offset) throws IOException {
            write(bytes, 0, bytes.length, offset);
        }

        /** Writes {@code bytes[from..to)} at {@code offset} through the page cache. */
        private void write(byte[] bytes, int from, int to, long offset) throws IOException {
            // In slices: the JDK copies a heap buffer through a temporary direct one per thread, and
            // keeps it; slices keep that at BUFFER_BYTES however large the chunk.
            FileChannel target = out(); // even for no bytes: the first chunk of an empty file creates it
            outWritten = true;
            for (int done = from; done < to; ) {
                ByteBuffer slice = ByteBuffer.wrap(bytes, done, Math.min(BUFFER_BYTES, to - done));
                while (slice.hasRemaining()) {
                    target.write(slice, offset + slice.position() - from);
                }
                done = slice.position();
            }
        }

        /**
         * Its whole blocks directly when the offset is aligned, the rest through the page cache. A
         * direct write that fails is redone through the page cache; if that works, direct I/O is
         * what failed, and it is turned off (see {@link DirectIo}).
         */
        @Override
        public void writeThrough(byte[] bytes, long offset) throws IOException {
            int block = direct.blockSize();
            int directLength = DirectIo.directLength(block, offset, bytes.length);
            FileChannel channel = directLength > 0 ? directOut() : null;
            IOException directFailure = null;
            boolean written = false;
            if (channel != null) {
                try {
                    written = direct.write(channel, bytes, directLength, offset, block);
                } catch (IOException e) {
                    directFailure = e;
                }
            }
            if (!written) {
                write(bytes, offset); // what fails here as well (a full disk) is the answer
                if (directFailure != null) {
                    direct.disable();
                }
                return;
            }
            directWritten = true;
            if (directLength < bytes.length) {
                write(bytes, directLength, bytes.length, offset + directLength);
            }
        }

        @Override
        public void cutAt(long size) throws IOException {
            out().truncate(size);
        }

        private FileChannel directOut() throws IOException {
            if (directOut == null) {
                out(); // creates the file (and makes its name durable) if this is its first chunk
                directOut = direct.open(path, StandardOpenOption.WRITE);
            }
            return directOut;
        }

        /**
         * Syncs each channel that wrote. Both are openings of one file, so one sync would cover
         * both; syncing the ones that wrote does not rest on that, and costs one sync as long as
         * only one of them wrote (a chunk size that is a whole number of blocks).
         */
        @Override
        public void force() throws IOException {
            if (directWritten) {
                directOut.force(false);
            }
            if (out != null && (outWritten || !directWritten)) {
                out.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            try (FileChannel direct = directOut; FileChannel buffered = out) {
                // both closed, whichever fails
            }
        }
    }

    @Override
    public String moveAside(String file) throws IOException {
        Path source = resolve(file);
        if (!Files.isRegularFile(source)) {
            return null;
        }
        String aside = STAGING_DIR + "/" + UUID.randomUUID() + REMOVED_SUFFIX;
        try {
            Files.move(source, resolve(aside), StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
        forceDirectory(source.getParent());
        return aside;
    }

    @Override
    public String stagingPath(String stagedAs) {
        return STAGING_DIR + "/" + stagedAs;
    }

    @Override
    public long usableSpace() throws IOException {
        java.nio.file.FileStore found = store;
        if (found == null) {
            // Looked up once: finding a path's file store reads the mount table; its usable space is one statvfs.
            found = Files.getFileStore(outputDir);
            store = found;
        }
        return found.getUsableSpace();
    }

    @Override
    public void discard(String stagedAs) throws IOException {
        Files.deleteIfExists(stagingDir.resolve(stagedAs));
    }

    @Override
    public String newAssemblyName() {
        return STAGING_DIR + "/" + UUID.randomUUID() + ASSEMBLY_SUFFIX;
    }

    @Override
    public boolean exists(String file) {
        return Files.exists(resolve(file));
    }

    @Override
    public String sha256Hex(String file) throws IOException {
        Path path = resolve(file);
        int block = direct.blockSize();
        try (FileChannel directIn = block > 0 ? direct.open(path, StandardOpenOption.READ) : null) {
            if (directIn != null) { // read once, to be hashed: not worth caching (see DirectIo)
                MessageDigest digest = sha256();
                byte[] heap = new byte[BUFFER_BYTES]; // the digest would copy a direct buffer in 4 KiB pieces
                try {
                    ThreadFactory readers = directIn.size() >= READ_AHEAD_FROM ? readAhead() : null;
                    if (direct.readAll(directIn, block, piece -> {
                        for (int n; (n = Math.min(piece.remaining(), heap.length)) > 0; ) {
                            piece.get(heap, 0, n);
                            digest.update(heap, 0, n);
                        }
                    }, readers)) {
                        return HexFormat.of().formatHex(digest.digest());
                    }
                } catch (IOException directFailure) {
                    String hash = sha256HexBuffered(path); // what fails here as well is the answer
                    direct.disable();
                    return hash;
                }
            }
        }
        return sha256HexBuffered(path);
    }

    private static String sha256HexBuffered(Path path) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public long size(String file) throws IOException {
        return Files.size(resolve(file));
    }

    @Override
    public void publish(String assembledAs, String fileName) throws IOException {
        Path target = resolve(fileName);
        ensureOwnerDirectory(target.getParent());
        Files.move(resolve(assembledAs), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.getParent());
    }

    @Override
    public List<String> stagingFilesOlderThan(Instant cutoff) throws IOException {
        try (Stream<Path> files = Files.list(stagingDir)) {
            return files.filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
                } catch (IOException gone) {
                    return false;
                }
            }).map(file -> file.getFileName().toString()).toList();
        }
    }

    @Override
    public void delete(String file) throws IOException {
        Files.deleteIfExists(resolve(file));
    }

    /**
     * A file of the output directory, of an owner's directory in it, or of its staging area, by
     * relative name; refuses anything else, so nothing is ever written outside the output directory.
     */
    Path resolve(String file) {
        Path path = outputDir.resolve(file).normalize();
        Path parent = path.getParent();
        if (!outputDir.equals(parent) && !stagingDir.equals(parent) && !isOwnerDirectory(parent)) {
            throw new IllegalArgumentException("not a file of the output directory: " + file);
        }
        return path;
    }

    /** A directory right below the output directory, not hidden (so never the staging area). */
    private boolean isOwnerDirectory(Path dir) {
        return dir != null && outputDir.equals(dir.getParent()) && !dir.getFileName().toString().startsWith(".");
    }

    /** An owner's directory is made with its first file, and made durable before that file's entry. */
    private void ensureOwnerDirectory(Path dir) throws IOException {
        if (!outputDir.equals(dir) && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            forceDirectory(outputDir);
        }
    }

    /** A new directory entry is durable only once its directory is synced (Linux, ext4/xfs). */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
