package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferException;
import io.indexedcp.client.buffer.BufferLock;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.buffer.ChunkBuffer;
import io.indexedcp.client.retry.Retrier;
import io.indexedcp.client.retry.RetryPolicy;
import io.indexedcp.client.retry.Sleeper;
import io.indexedcp.client.transfer.Outcome;
import io.indexedcp.client.transfer.RestClients;
import io.indexedcp.client.transfer.UploadEndpoint;
import io.indexedcp.protocol.UploadList;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.protocol.UploadSummary;
import java.util.Comparator;
import jakarta.ws.rs.client.Client;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The client of the seed ({@code IndexCPClient}) in Java form: files are added to a SQLite buffer
 * and uploaded from it, chunk by chunk, with retries and resume; with protocol v2 (upload id,
 * per-chunk {@code Content-Digest}, explicit completion) against a server that speaks it, plain
 * against one that does not.
 *
 * <p>{@link Builder#parallelism(int) parallelism} chunks are in flight at once (default
 * {@value #DEFAULT_PARALLELISM}), over separate connections, each retried on its own; several files
 * are uploaded at once, sharing those. The listener is told of events one at a time.
 *
 * <pre>{@code
 * try (IndexedCpClient client = IndexedCpClient.builder().apiKey(key).build()) {
 *     Map<String, String> stored = client.bufferAndUpload(URI.create("http://host:3000/upload"), Path.of("x.bin"));
 * }
 * }</pre>
 *
 * One upload call at a time per instance: uploads from several threads at once need an instance each.
 * Whatever writes the buffer (add, upload, flush, cancel, clear) holds its lock meanwhile, so that another
 * process (or instance) on the same buffer file waits for it, a bounded time, instead of mixing in.
 */
public final class IndexedCpClient implements AutoCloseable {

    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_RETRY_DELAY = Duration.ofSeconds(1);
    public static final String DEFAULT_BUFFER_NAME = "indexedcp-java";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_PARALLELISM = 4;
    public static final Duration DEFAULT_MAX_BUSY_WAIT = Retrier.DEFAULT_MAX_BUSY_WAIT;
    public static final Duration DEFAULT_BUFFER_LOCK_WAIT = Duration.ofSeconds(5);

    private final int chunkSize;
    private final String apiKey;
    private final ChunkBuffer buffer;
    private final Retrier retrier;
    private final UploadListener listener;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int parallelism;
    private final Duration bufferLockWait;
    private final SSLContext sslContext;
    private Client restClient;
    /** One per server, for the client's life: each keeps its own connections for chunks. */
    private final Map<URI, UploadEndpoint> endpoints = new HashMap<>();

    private IndexedCpClient(Builder b) {
        this.chunkSize = b.chunkSize;
        this.apiKey = b.apiKey;
        this.listener = new SerializedListener(b.listener);
        this.parallelism = b.parallelism;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.bufferLockWait = b.bufferLockWait;
        this.sslContext = b.sslContext;
        RetryPolicy policy = b.retryPolicy != null ? b.retryPolicy
                : RetryPolicy.exponential(b.maxRetries, b.initialRetryDelay);
        if (b.jitter > 0) {
            policy = policy.withJitter(b.jitter);
        }
        this.retrier = new Retrier(policy, b.maxBusyWait, b.sleeper);
        this.buffer = ChunkBuffer.open(b.bufferPath != null ? b.bufferPath : defaultBufferPath(b.bufferName));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code ~/.indexcp/<name>.db}: the Python client's folder, but a file of our own ({@code
     * indexedcp-java.db} by default), since its {@code indexcp.db} holds other tables.
     */
    public static Path defaultBufferPath(String bufferName) {
        return Path.of(System.getProperty("user.home"), ".indexcp", bufferName + ".db");
    }

    public Path bufferPath() {
        return buffer.databaseFile();
    }

    public RetryPolicy retryPolicy() {
        return retrier.policy();
    }

    public int parallelism() {
        return parallelism;
    }

    /** Adds a file to the buffer, to be sent to whichever server the next upload names; returns its chunk count. */
    public int addFile(Path file) {
        return addFile(file, null);
    }

    /**
     * Adds a file to the buffer, queued for {@code serverUrl} (used by {@link #uploadBufferedFiles()});
     * the file is named on the wire by its path as given. Adding a path that is already buffered
     * replaces it. Returns the chunk count.
     */
    public int addFile(Path file, URI serverUrl) {
        try (BufferLock lock = lockBuffer()) {
            return buffer.add(file, file.toString(), chunkSize, serverUrl).chunkCount();
        }
    }

    /** Sends every buffered file to {@code serverUrl}; returns client name → server {@code actualFilename}. */
    public Map<String, String> uploadBufferedFiles(URI serverUrl) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        try (BufferLock lock = lockBuffer()) {
            return upload(buffer.files(), file -> serverUrl);
        }
    }

    /** Sends every buffered file to the server it was queued for (or fails, if one was queued without). */
    public Map<String, String> uploadBufferedFiles() {
        return flush(null);
    }

    /**
     * Sends every buffered file to the server it was queued for, or to {@code fallback} if it was
     * queued without one; after a crash this finishes whatever was left.
     */
    public Map<String, String> flush(URI fallback) {
        try (BufferLock lock = lockBuffer()) {
            // A file without a server fails alone (see UploadRun); the others still go.
            return upload(buffer.files(), file -> file.serverUrl().orElse(fallback));
        }
    }

    /**
     * Adds the files and uploads them (only them) to {@code serverUrl}. Each file is read into the
     * buffer while it is being sent, not before (see {@code FileUploader}), and no further once a
     * chunk has failed for good: until it has been read in whole, a killed or failed upload needs
     * the source file, unchanged, to finish.
     */
    public Map<String, String> bufferAndUpload(URI serverUrl, Path... files) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        try (BufferLock lock = lockBuffer()) {
            List<BufferedFile> added = new ArrayList<>();
            List<BufferException> unreadable = new ArrayList<>();
            for (Path file : files) {
                try {
                    added.add(buffer.begin(file, file.toString(), chunkSize, serverUrl));
                } catch (BufferException e) {
                    // A missing or unreadable file fails alone, like a file the server refuses (see UploadRun).
                    unreadable.add(e);
                }
            }
            Map<String, String> stored;
            try {
                stored = upload(added, file -> serverUrl);
            } catch (RuntimeException e) {
                unreadable.forEach(e::addSuppressed);
                throw e;
            }
            if (!unreadable.isEmpty()) {
                BufferException first = unreadable.get(0);
                unreadable.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
            return stored;
        }
    }

    public List<BufferedFile> listBufferedFiles() {
        return buffer.files();
    }

    /**
     * Drops one file from the buffer ({@code indexedcp clear NAME}), leaving the server alone. The
     * name is the one it was added under, its path, or its base name (see {@link BufferedNames}).
     *
     * @throws NotInBufferException if no buffered file, or more than one, fits the name
     */
    public BufferedFile removeFromBuffer(String name) {
        try (BufferLock lock = lockBuffer()) {
            BufferedFile file = BufferedNames.find(buffer.files(), name);
            buffer.removeFile(file.id());
            return file;
        }
    }

    /**
     * Cancels one buffered file's upload: {@code DELETE /upload?filename=…&uploadId=…} to the server
     * it was queued for (else {@code fallback}), then drops it from the buffer. The server is asked
     * first, so that a refused key or an unreachable server leaves the file buffered, to be cancelled
     * again (or dropped alone with {@link #removeFromBuffer}); a {@code 404} (the server holds no such
     * upload) is no failure, nor a {@code 400} (the server refuses the name, so it can hold no upload of it). Only a v2 upload (with an upload id) is deleted on the server: a plain
     * upload's DELETE would remove the server's file of that name, which need not be this one's.
     *
     * @throws NotInBufferException if no buffered file, or more than one, fits the name
     */
    public Cancellation cancel(String name, URI fallback) {
        try (BufferLock lock = lockBuffer()) {
            BufferedFile file = BufferedNames.find(buffer.files(), name);
            URI server = file.serverUrl().orElse(fallback);
            Cancellation.Server outcome = Cancellation.Server.NOT_ASKED;
            String reason = null;
            if (file.uploadId() != null && server != null) {
                UploadEndpoint endpoint = endpoint(server);
                String base = FileUploader.baseName(file.clientName());
                try {
                    result(file.clientName() + ": cancel", () -> endpoint.cancel(base, file.uploadId()), file.clientName());
                    outcome = Cancellation.Server.DELETED;
                } catch (UploadRejectedException e) {
                    if (e.status() == 404) {
                        outcome = Cancellation.Server.NOT_HELD;
                    } else if (e.status() == 400) {
                        outcome = Cancellation.Server.REFUSED;
                        reason = e.getMessage();
                    } else {
                        throw e;
                    }
                }
            }
            buffer.removeFile(file.id());
            return new Cancellation(file, outcome, reason);
        }
    }

    /** Empties the buffer; returns how many files it held. */
    public int clearBuffer() {
        try (BufferLock lock = lockBuffer()) {
            return buffer.clear();
        }
    }

    /**
     * The chunks the server holds of {@code name} (its base name is asked for), with retries. If the
     * buffer holds a file of that name (or base name), the status of its upload id is asked for;
     * otherwise the plain status of the name.
     */
    public UploadStatus status(String name, URI serverUrl) {
        String base = FileUploader.baseName(name);
        String uploadId = buffer.files().stream()
                .filter(f -> f.uploadId() != null)
                .filter(f -> f.clientName().equals(name) || FileUploader.baseName(f.clientName()).equals(base))
                .reduce((first, later) -> preferExact(first, later, name))
                .map(BufferedFile::uploadId)
                .orElse(null);
        return status(name, uploadId, serverUrl);
    }

    /** Prefers the file whose client name matches exactly; else the one added last. */
    private static BufferedFile preferExact(BufferedFile first, BufferedFile later, String name) {
        return first.clientName().equals(name) && !later.clientName().equals(name) ? first : later;
    }

    /** The status of upload {@code uploadId} of {@code name} (protocol v2); a null id asks the plain status. */
    public UploadStatus status(String name, String uploadId, URI serverUrl) {
        UploadEndpoint endpoint = endpoint(serverUrl);
        String base = FileUploader.baseName(name);
        return result(name + ": status", () -> endpoint.status(base, uploadId), name);
    }

    /** {@code GET /uploads} (protocol v2): the uploads the server knows, most recently active first. */
    public UploadList serverUploads(URI serverUrl) {
        UploadEndpoint endpoint = endpoint(serverUrl);
        return result("upload list", endpoint::uploads, serverUrl.toString());
    }

    /**
     * {@code GET /uploads?filename=NAME} (protocol v2): the server's uploads stored under {@code name}'s
     * base name, complete or not, most recently active first. Filtered here too, for a server that
     * lists every upload whatever the parameter.
     */
    public List<UploadSummary> serverUploads(URI serverUrl, String name) {
        UploadEndpoint endpoint = endpoint(serverUrl);
        String base = FileUploader.baseName(name);
        UploadList list = result(name + ": upload list", () -> endpoint.uploads(base), name);
        List<UploadSummary> uploads = list.uploads() == null ? List.of() : list.uploads();
        return uploads.stream()
                .filter(u -> base.equals(u.filename()))
                .sorted(Comparator.comparing(UploadSummary::lastActivity, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
    }

    private <T> T result(String what, Supplier<Outcome<T>> call, String subject) {
        Outcome<T> outcome;
        try {
            outcome = retrier.call(call, (retry, delay, cause) -> listener.retrying(
                    new RetryEvent(subject, RetryEvent.STATUS_REQUEST, retry, delay, cause.reason())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted", e);
        }
        if (outcome instanceof Outcome.Success<T> success) {
            return success.value();
        }
        if (outcome instanceof Outcome.Fatal<T> fatal) {
            if (fatal.isAuthentication()) {
                throw new AuthenticationFailedException(fatal.status(), fatal.message());
            }
            throw new UploadRejectedException(fatal.status(), fatal.message());
        }
        // The retry loop's reason says how it gave up: retries used up, or the busy-wait budget.
        throw new RetriesExhaustedException(what + ": " + ((Outcome.Retryable<T>) outcome).reason());
    }

    /**
     * Uploads the files, up to {@code parallelism} at once, their chunks sharing one pool of
     * {@code parallelism} threads; see {@link UploadRun} for which failures stop the other files.
     * The caller holds the buffer's lock.
     */
    private Map<String, String> upload(List<BufferedFile> files, Function<BufferedFile, URI> serverOf) {
        if (files.isEmpty()) {
            return new LinkedHashMap<>();
        }
        List<UploadEndpoint> endpoints = new ArrayList<>();
        for (BufferedFile file : files) {
            URI server = serverOf.apply(file);
            endpoints.add(server == null ? null : endpoint(server));
        }
        ExecutorService chunkPool = Executors.newFixedThreadPool(parallelism, UploadRun.daemonThreads("indexedcp-chunk"));
        try {
            FileUploader uploader = new FileUploader(buffer, retrier, listener, chunkPool, parallelism);
            return new UploadRun(uploader, parallelism).run(files, endpoints);
        } finally {
            chunkPool.shutdownNow();
        }
    }

    /** Keeps other writers out of the buffer while this client works on it (see {@code BufferLock}). */
    private BufferLock lockBuffer() {
        return buffer.lock(bufferLockWait);
    }

    private synchronized UploadEndpoint endpoint(URI serverUrl) {
        if (apiKey == null) {
            throw new IndexedCpException("no API key: set INDEXEDCP_API_KEY");
        }
        if (restClient == null) {
            restClient = RestClients.create(connectTimeout, readTimeout, sslContext);
        }
        return endpoints.computeIfAbsent(serverUrl, url -> new UploadEndpoint(restClient, url, apiKey));
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                endpoints.values().forEach(UploadEndpoint::close);
                endpoints.clear();
            }
            if (restClient != null) {
                restClient.close();
            }
        } finally {
            buffer.close();
        }
    }

    /** Options with the seed's defaults; only the API key has none (needed for uploads, not for the buffer). */
    public static final class Builder {
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialRetryDelay = DEFAULT_INITIAL_RETRY_DELAY;
        private RetryPolicy retryPolicy;
        private double jitter;
        private String bufferName = DEFAULT_BUFFER_NAME;
        private Path bufferPath;
        private String apiKey;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private UploadListener listener = UploadListener.NONE;
        private Sleeper sleeper = Sleeper.REAL;
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration maxBusyWait = DEFAULT_MAX_BUSY_WAIT;
        private Duration bufferLockWait = DEFAULT_BUFFER_LOCK_WAIT;
        private SSLContext sslContext;

        private Builder() {
        }

        /**
         * The TLS context for {@code https://} servers, for a server whose certificate comes from a CA
         * the JDK does not trust by default (an internal CA): e.g. {@link TrustedCertificates#fromPem}.
         * Null (the default) keeps the JDK's default trust store. Certificate and host name checks stay
         * on whatever is passed here; a server they refuse fails with {@link TlsException}.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** Trusts the CA certificates of this PEM file for HTTPS (as {@code curl --cacert}); see {@link #sslContext}. */
        public Builder trustedCertificates(Path pemFile) {
            return sslContext(TrustedCertificates.fromPem(pemFile));
        }

        /**
         * How long one request may wait in all because a busy server asked it to ({@code Retry-After},
         * e.g. with {@code 503}); default 10 min. Such waits use up none of the retries, which are
         * meant for failures.
         */
        public Builder maxBusyWait(Duration total) {
            if (total == null || total.isNegative()) {
                throw new IllegalArgumentException("maxBusyWait must not be negative, was " + total);
            }
            this.maxBusyWait = total;
            return this;
        }

        /**
         * How long an add, upload, flush or clear waits for another process (or client) that is
         * writing the same buffer before it gives up with {@link io.indexedcp.client.buffer.BufferBusyException};
         * default 5 s.
         */
        public Builder bufferLockWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("bufferLockWait must not be negative, was " + wait);
            }
            this.bufferLockWait = wait;
            return this;
        }

        /**
         * Chunks in flight at once, each on its own connection (default {@value IndexedCpClient#DEFAULT_PARALLELISM}):
         * of one file, or shared by the files uploaded at once. Also bounds the chunks held in memory.
         */
        public Builder parallelism(int chunksAtOnce) {
            if (chunksAtOnce < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + chunksAtOnce);
            }
            this.parallelism = chunksAtOnce;
            return this;
        }

        public Builder chunkSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("chunkSize must be positive, was " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /** Retries per request after the first attempt (default 3); for the default exponential policy. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The first retry's delay (default 1 s), doubled for each further one; for the default policy. */
        public Builder initialRetryDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("initialRetryDelay must not be negative, was " + delay);
            }
            this.initialRetryDelay = delay;
            return this;
        }

        /** Replaces the exponential policy (and makes maxRetries/initialRetryDelay moot). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Spreads each delay over ±fraction of itself (0 = off, the default). */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("jitter must be within [0, 1], was " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /** The buffer {@code ~/.indexcp/<name>.db} (default {@code indexedcp-java}). */
        public Builder bufferName(String name) {
            this.bufferName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The buffer database file, overriding the buffer name. */
        public Builder bufferPath(Path path) {
            this.bufferPath = path;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long to wait for the server's answer to one request (default 60 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder listener(UploadListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How the retry loop waits; tests substitute one that records instead of sleeping. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Opens (creating if need be) the buffer database. */
        public IndexedCpClient build() {
            return new IndexedCpClient(this);
        }
    }
}
