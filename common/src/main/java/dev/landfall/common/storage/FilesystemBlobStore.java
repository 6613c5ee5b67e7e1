package dev.landfall.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link BlobStore} in a local directory (the embedded default). Key {@code a/b/c} is the file
 * {@code <root>/a/b/c}.
 *
 * <p>Atomicity: content is written to a hidden temporary file in the target's own directory
 * ({@code .<name>.<instance>-<n>.tmp}; same directory, so the final {@code rename} is atomic and cheap —
 * a rename across directories costs ext4 noticeably more), optionally fsynced, and moved into place with
 * {@code ATOMIC_MOVE}; readers see the old object or the complete new one, never a partial one. Keys with a
 * segment starting with {@code .} are rejected, so no key ever names a temporary file, and {@link #list}
 * skips such names. A crash leaves at most a temporary file: leftovers older than an hour (younger ones may
 * belong to another live process sharing the root) are removed from a directory the first time this instance
 * writes into it again, and from the legacy shared {@code .landfall-tmp} directory at startup.
 *
 * <p>The verified sha256 is recorded in the file's {@code user.landfall.sha256} extended attribute,
 * set on the temporary file before the move, so {@link #stat} returns it without re-hashing; on file
 * systems without user xattrs {@code stat} reports no sha256.
 */
public final class FilesystemBlobStore implements BlobStore {

    /** Legacy shared directory of in-flight writes (older versions); cleaned at startup, never a key. */
    static final String TEMP_DIR = ".landfall-tmp";
    static final String TEMP_SUFFIX = ".tmp";
    /** Directories known to exist; bounded so a huge mirror does not keep every directory in memory. */
    private static final int MAX_KNOWN_DIRECTORIES = 65_536;
    private static final Set<PosixFilePermission> PUBLISHED =
            PosixFilePermissions.fromString("rw-r--r--");
    private static final String SHA256_ATTRIBUTE = "landfall.sha256";
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;
    private final Path tempDir;
    private final boolean fsync;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong tempCounter = new AtomicLong();
    private final Clock clock;
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();
    /** POSIX permissions given at creation, or null where the file system has none. */
    private final java.nio.file.attribute.@Nullable FileAttribute<?> createPermissions;
    /** Whether the umask can strip the creation permissions, so each new file needs an explicit chmod. */
    private final boolean chmodAfterCreate;

    /** A store that fsyncs every object before making it visible. */
    public FilesystemBlobStore(Path root) throws IOException {
        this(root, true, Clock.systemUTC());
    }

    /**
     * @param fsync force content to disk before the rename (durability across power loss; costs latency)
     * @param clock decides which leftover temporary files are old enough to remove
     */
    public FilesystemBlobStore(Path root, boolean fsync, Clock clock) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        this.tempDir = Files.createDirectories(this.root.resolve(TEMP_DIR));
        this.fsync = fsync;
        this.clock = clock;
        removeStaleTempFiles();
        boolean posix = Files.getFileAttributeView(this.root, PosixFileAttributeView.class) != null;
        this.createPermissions = posix ? PosixFilePermissions.asFileAttribute(PUBLISHED) : null;
        this.chmodAfterCreate = posix && umaskStripsPermissions();
    }

    /**
     * The umask applies to the mode given at creation; probing it once lets the common case (umask 022 or
     * looser) create files with their final permissions in one call instead of create + chmod.
     */
    private boolean umaskStripsPermissions() throws IOException {
        Path probe = tempDir.resolve("umask-probe-" + instanceId + TEMP_SUFFIX);
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe, PosixFilePermissions.asFileAttribute(PUBLISHED));
            return !Files.getPosixFilePermissions(probe).equals(PUBLISHED);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        return write(key, content, null, -1);
    }

    @Override
    public BlobInfo putVerified(String key, InputStream content, String expectedSha256, long expectedSize) throws IOException {
        HashingReader.requireValidExpectation(expectedSha256, expectedSize);
        return write(key, content, expectedSha256, expectedSize);
    }

    private BlobInfo write(String key, InputStream content, @Nullable String expectedSha256, long expectedSize) throws IOException {
        Path target = resolve(key);
        Path directory = target.getParent();
        // Beside the target (rename within one directory), hidden (no key has a '.' segment), unique per store
        // instance and write; not Files.createTempFile, whose SecureRandom names serialize concurrent downloads.
        Path temp = directory.resolve("." + target.getFileName() + "." + instanceId + "-" + tempCounter.incrementAndGet() + TEMP_SUFFIX);
        boolean moved = false;
        try {
            HashingReader reader = new HashingReader(content, expectedSize);
            try (FileChannel out = createTemp(temp, directory)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                int n;
                while ((n = reader.readChunk(buffer, buffer.length)) > 0 && !reader.exceeded(expectedSize)) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                String sha256 = reader.verify(key, expectedSha256, expectedSize);
                if (fsync) {
                    out.force(true);
                }
                recordSha256(temp, sha256);
                moveIntoPlace(temp, target);
                moved = true;
                return new BlobInfo(key, reader.count(), sha256);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Opens the new temporary file once, with its final permissions, creating its directory on first use. */
    private FileChannel createTemp(Path temp, Path directory) throws IOException {
        if (!knownDirectories.contains(directory)) {
            ensureDirectory(directory);
        }
        try {
            return openNew(temp);
        } catch (NoSuchFileException e) {
            // the directory was removed behind the store's back since it was remembered
            knownDirectories.remove(directory);
            ensureDirectory(directory);
            return openNew(temp);
        }
    }

    private FileChannel openNew(Path temp) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel channel = createPermissions == null ? FileChannel.open(temp, options) : FileChannel.open(temp, options, createPermissions);
        if (chmodAfterCreate) {
            try {
                Files.setPosixFilePermissions(temp, PUBLISHED); // whatever the umask, objects are world-readable
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        return channel;
    }

    /**
     * Creates {@code directory} (and parents) and remembers it. A directory that already existed may hold
     * temporary files of a crashed writer: the old ones are removed now, once per directory and instance.
     */
    private void ensureDirectory(Path directory) throws IOException {
        boolean existed;
        try {
            Files.createDirectory(directory);
            existed = false;
        } catch (FileAlreadyExistsException e) {
            existed = true;
        } catch (NoSuchFileException e) {
            Files.createDirectories(directory);
            existed = false;
        }
        if (!Files.isDirectory(directory)) {
            throw new FileAlreadyExistsException(directory.toString(), null, "not a directory");
        }
        if (existed) {
            removeStaleTempFiles(directory, name -> name.startsWith(".") && name.endsWith(TEMP_SUFFIX));
        }
        if (knownDirectories.size() >= MAX_KNOWN_DIRECTORIES) {
            knownDirectories.clear(); // forgetting only costs one mkdir attempt per directory
        }
        knownDirectories.add(directory);
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("storage directory does not support atomic rename: " + target, e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        Path file = resolve(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new BlobInfo(key, attributes.size(), recordedSha256(file)));
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Channels.newInputStream(open(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        HashingReader.requireValidRange(offset, length);
        FileChannel channel = open(key);
        channel.position(offset); // past the end: reads return EOF
        InputStream in = Channels.newInputStream(channel);
        return new BoundedInputStream(in, length);
    }

    @Override
    public Optional<Path> localPath(String key) {
        return Optional.of(resolve(key));
    }

    private FileChannel open(String key) throws IOException {
        Path file = resolve(key);
        try {
            if (Files.isDirectory(file)) {
                throw new NoSuchBlobException(key);
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isDirectory(file)) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        HashingReader.requireSafePrefix(prefix);
        // Walk only the deepest directory the prefix names completely; filter the rest by string.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolveDirectory(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<BlobInfo> found = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return hiddenUnderRoot(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isHidden(file)) {
                    String key = keyOf(file);
                    if (key.startsWith(prefix)) {
                        found.add(new BlobInfo(key, attrs.size(), null));
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted while listing: it is simply not there
                }
                throw e;
            }
        });
        found.sort(Comparator.comparing(BlobInfo::key));
        return found;
    }

    /** Names starting with '.' are the store's own (temporary files, the legacy temp directory), never keys. */
    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** Whether a path under the root has a segment (below the root) starting with '.'. */
    private boolean hiddenUnderRoot(Path path) {
        for (Path segment : root.relativize(path)) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file of {@code key}, after checking the key is safe and the path stays under the root. A segment
     * starting with '.' is rejected: such names are reserved for in-flight writes.
     */
    private Path resolve(String key) {
        StorageKeys.requireSafe(key);
        if (key.startsWith(".") || key.contains("/.")) {
            throw new IllegalArgumentException("unsafe storage key (segment starting with '.', reserved for in-flight writes): " + key);
        }
        return resolveDirectory(key);
    }

    private Path resolveDirectory(String relative) {
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("unsafe storage key (escapes the storage root): " + relative);
        }
        return path;
    }

    private String keyOf(Path file) {
        Path relative = root.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path segment : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    private static void recordSha256(Path file, String sha256) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            view.write(SHA256_ATTRIBUTE, StandardCharsets.US_ASCII.encode(sha256));
        } catch (UnsupportedOperationException | IOException e) {
            // file system without user xattrs: stat() will report no sha256, which the contract allows
        }
    }

    private static @Nullable String recordedSha256(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int n = view.read(SHA256_ATTRIBUTE, buffer);
            return n == 64 ? new String(buffer.array(), 0, n, StandardCharsets.US_ASCII) : null;
        } catch (UnsupportedOperationException | IOException e) {
            return null; // not recorded (written behind the mirror's back, or no xattr support)
        }
    }

    private void removeStaleTempFiles() throws IOException {
        removeStaleTempFiles(tempDir, name -> true);
    }

    private void removeStaleTempFiles(Path directory, Predicate<String> isTemp) throws IOException {
        FileTime cutoff = FileTime.from(clock.instant().minus(STALE_TEMP_AGE));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, p -> isTemp.test(p.getFileName().toString()))) {
            for (Path leftover : leftovers) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(leftover, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(cutoff) < 0) {
                        Files.deleteIfExists(leftover);
                    }
                } catch (NoSuchFileException e) {
                    // removed concurrently by its writer
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /** At most {@code remaining} bytes of a stream (a ranged read). */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return len == 0 ? 0 : -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
