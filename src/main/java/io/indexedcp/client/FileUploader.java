package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedChunk;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.buffer.ChunkBuffer;
import io.indexedcp.client.buffer.FileIntake;
import io.indexedcp.client.buffer.SourceChangedException;
import io.indexedcp.client.retry.Retrier;
import io.indexedcp.client.transfer.Outcome;
import io.indexedcp.client.transfer.UploadEndpoint;
import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.protocol.UploadStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Moves one buffered file to one server (protocol v2, "What a client should do"): ask what the
 * server holds of this upload, send the rest — up to {@code parallelism} chunks at once, each with
 * {@code X-Upload-Id} and {@code Content-Digest} and each through the retry loop on its own — then
 * {@code POST /upload/complete} with the totals and the whole file's SHA-256.
 *
 * <p>A chunk leaves the buffer once the server has accepted it; the file row (upload id, SHA-256,
 * totals) only once the completion has succeeded, so a kill at any moment loses nothing and a
 * kill after the last chunk is finished by the next run with the completion alone. The row also
 * leaves when the upload can never be finished from the buffer (see {@code complete}), so that it
 * does not fail every later flush.
 *
 * <p>A file buffered before protocol v2 (no upload id) is sent as before: plain, and done when
 * its last chunk is accepted.
 *
 * <p><b>Reading in and sending overlap.</b> A file that has not been read into the buffer in whole
 * (every {@code upload}: {@code IndexedCpClient.bufferAndUpload} only creates its row) is read in
 * by the thread that uploads it, chunk by chunk, while the senders send the chunks before. Each
 * chunk is committed to the buffer first (so a kill after that loses nothing: the next run finds
 * the row, asks the server, sends it if need be), then sent from the bytes just read: no second
 * copy read back from SQLite. Measured before this design (1 GiB, loopback), the client copied the
 * whole file into SQLite in one transaction, then read every chunk back, and each accepted chunk's
 * delete waited for an fsync; sending started only after the copy and the client reached a fifth
 * of the server's ingest rate. Now the buffer holds only the chunks read in and not yet accepted,
 * and its database stays a few MiB however big the file, so its pages are reused while still in
 * the page cache.
 *
 * <p>Chunks run on {@code chunkPool}, which the caller sizes to the parallelism and shares
 * between the files it uploads at once. A window of {@code parallelism + READ_AHEAD} permits,
 * shared by those files, bounds the chunks in memory: a permit is taken before a chunk is read
 * (in, or back from a row) and given back when its sender is done with it. The read-ahead lets
 * the next chunk be read while every sender is busy; without it, with one sender, reading and
 * sending would take turns.
 */
final class FileUploader {

    /** Chunks read ahead of the senders, beyond one per sender: enough to keep them busy while the next is read. */
    static final int READ_AHEAD = 2;

    private final ChunkBuffer buffer;
    private final Retrier retrier;
    private final UploadListener listener;
    private final ExecutorService chunkPool;
    /**
     * Chunks in memory at once, over all files: {@code parallelism + READ_AHEAD}. Each chunk gets a
     * new array, on purpose. Measured with -Xmx96m (the launcher's default then): reusing the arrays
     * (tried) raised the peak RSS from about 145 to about 160 MiB. A fresh 1 MiB array is a
     * humongous object for G1, and their allocation starts a young collection whenever the heap
     * passes its occupancy threshold (45%), so the heap stays below half its maximum; with reused
     * arrays the client allocates so little that G1 lets the young generation grow to most of the
     * heap between collections, and all of it becomes resident. The arrays cost a zeroing each and
     * a few milliseconds of young collections per 100 MiB.
     */
    private final Semaphore window;

    FileUploader(ChunkBuffer buffer, Retrier retrier, UploadListener listener, ExecutorService chunkPool, int parallelism) {
        this.buffer = buffer;
        this.retrier = retrier;
        this.listener = listener;
        this.chunkPool = chunkPool;
        this.window = new Semaphore(parallelism + READ_AHEAD);
    }

    /** @return the name the server stored the file under ({@code actualFilename}) */
    String upload(BufferedFile file, UploadEndpoint endpoint) {
        String clientName = file.clientName();
        listener.fileStarted(clientName, file.remainingChunks(), file.remainingBytes());
        String stored = file.isV2() ? uploadV2(file, endpoint) : uploadPlain(file, endpoint);
        listener.fileDone(clientName, stored);
        return stored;
    }

    private String uploadPlain(BufferedFile file, UploadEndpoint endpoint) {
        List<Integer> remaining = buffer.remainingChunks(file.id());
        String actualFilename = null;
        if (!remaining.isEmpty()) {
            ServerHolds held = serverHolds(file, endpoint);
            actualFilename = send(file, endpoint, remaining, held, false);
        }
        buffer.removeFileIfDone(file.id());
        return actualFilename != null ? actualFilename : baseName(file.clientName());
    }

    private String uploadV2(BufferedFile file, UploadEndpoint endpoint) {
        ServerHolds held = serverHolds(file, endpoint);
        if (held.complete()) {
            // Completed by an earlier run that stopped before it could forget the file.
            buffer.removeFile(file.id());
            return held.filename() != null ? held.filename() : baseName(file.clientName());
        }
        String fromChunks;
        try {
            fromChunks = send(file, endpoint, buffer.remainingChunks(file.id()), held, !file.fullyBuffered());
        } catch (SourceChangedException e) {
            // Its tail can never be read again: do not keep a row that fails every flush (as after a 422).
            buffer.removeFile(file.id());
            throw new SourceChangedException(e.getMessage() + "; it has left the buffer");
        }
        // Read in whole now: the row has the file's SHA-256 for the completion.
        BufferedFile read = buffer.find(file.id()).orElseThrow(() -> new IndexedCpException(file.clientName()
                + " left the buffer while it was being uploaded (cleared by another process?)"));
        return complete(read, endpoint, held, fromChunks, true);
    }

    /**
     * What the server holds of this upload; nothing if it has no status endpoint (an old server
     * answers 404). {@code v2} when the server echoed the upload id, i.e. it knows upload ids.
     */
    private record ServerHolds(String filename, Set<Integer> chunks, boolean v2, boolean complete) {
    }

    private ServerHolds serverHolds(BufferedFile file, UploadEndpoint endpoint) {
        String name = baseName(file.clientName());
        Outcome<UploadStatus> outcome = withRetries(file, RetryEvent.STATUS_REQUEST,
                () -> endpoint.status(name, file.uploadId()));
        if (outcome instanceof Outcome.Fatal<UploadStatus> fatal && fatal.status() == 404) {
            return new ServerHolds(null, Set.of(), false, false);
        }
        UploadStatus status = successOrThrow(outcome, file, "status request");
        Set<Integer> chunks = status.receivedChunks() == null ? Set.of() : new TreeSet<>(status.receivedChunks());
        boolean v2 = file.uploadId() != null && file.uploadId().equals(status.uploadId());
        boolean complete = v2 && Boolean.TRUE.equals(status.complete());
        return new ServerHolds(complete && status.actualFilename() != null ? status.actualFilename() : status.filename(),
                chunks, v2, complete);
    }

    /**
     * Sends the chunks the server lacks; returns the last {@code actualFilename} a chunk answer
     * named (or the status's), for servers without completion. First the chunk rows {@code rows}
     * (read back from the buffer by the thread that sends each one), then, with {@code readIn}, the
     * chunks not read in yet: this thread reads each from the source file, commits it to the buffer
     * and hands it to a sender, which sends those very bytes (see the class comment).
     *
     * <p>Once a chunk has failed for good (refused, or its retries used up), nothing more is read
     * in or sent: copying the rest of a big file into the buffer after, say, a wrong key would cost
     * the user minutes for nothing. The row keeps its read-in mark, so the next run reads on from the
     * source file (which must then be unchanged, as after a kill). The chunks in flight finish (or
     * fail) before the first failure is thrown.
     */
    private String send(BufferedFile file, UploadEndpoint endpoint, List<Integer> rows, ServerHolds held,
            boolean readIn) {
        AtomicReference<String> actualFilename = new AtomicReference<>(held.filename());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Semaphore done = new Semaphore(0);
        AcceptedChunks accepted = new AcceptedChunks(buffer, file.id());
        int submitted = 0;
        RuntimeException stopped = null;
        FileIntake intake = null;
        try {
            try {
                for (int index : rows) {
                    if (held.chunks().contains(index)) {
                        buffer.removeChunk(file.id(), index);
                        listener.chunkSkipped(file.clientName(), index, chunkLength(file, index));
                        continue;
                    }
                    if (!acquireUnlessFailed(failure)) {
                        break;
                    }
                    buffer.removeChunks(file.id(), accepted.drain());
                    submit(file, index, null, endpoint, actualFilename, failure, done, accepted);
                    submitted++;
                }
                if (readIn && failure.get() == null) {
                    intake = FileIntake.open(buffer, file);
                    while (intake.hasNext() && failure.get() == null) {
                        int index = intake.nextIndex();
                        if (held.chunks().contains(index)) {
                            int length = intake.nextLength();
                            intake.skip();
                            listener.chunkSkipped(file.clientName(), index, length);
                        } else if (acquireUnlessFailed(failure)) {
                            BufferedChunk chunk;
                            try {
                                chunk = intake.take(accepted.drain());
                            } catch (RuntimeException e) {
                                window.release();
                                throw e;
                            }
                            submit(file, index, chunk, endpoint, actualFilename, failure, done, accepted);
                            submitted++;
                        }
                    }
                    if (!intake.hasNext()) {
                        intake.finish();
                    }
                }
            } catch (RuntimeException e) {
                stopped = e;
            }
            // Whatever has been accepted since the last chunk was read in leaves the buffer now, and each
            // chunk still in flight as soon as it is accepted. A row left by a kill or an interrupt is found
            // held by the server on the next run.
            try {
                accepted.readingDone();
            } catch (RuntimeException e) {
                stopped = stopped != null ? stopped : e;
            }
            done.acquire(submitted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted while uploading " + file.clientName()
                    + "; the rest stays in the buffer", e);
        } finally {
            if (intake != null) {
                intake.close();
            }
        }
        RuntimeException first = failure.get();
        if (first != null) {
            if (stopped != null && stopped != first) {
                first.addSuppressed(stopped);
            }
            throw first;
        }
        if (stopped != null) {
            throw stopped;
        }
        return actualFilename.get();
    }

    /**
     * Takes a permit of the window, unless a chunk has failed for good meanwhile: a chunk's failure is
     * recorded before its permit is given back, so a reader that was waiting for that permit sees it.
     */
    private boolean acquireUnlessFailed(AtomicReference<RuntimeException> failure) throws InterruptedException {
        if (failure.get() != null) {
            return false;
        }
        window.acquire();
        if (failure.get() != null) {
            window.release();
            return false;
        }
        return true;
    }

    /**
     * Runs one chunk on the pool; the caller has taken a permit of the window, which the chunk
     * gives back when it is done, as it releases one permit of {@code done}.
     */
    private void submit(BufferedFile file, int index, BufferedChunk chunk, UploadEndpoint endpoint,
            AtomicReference<String> actualFilename, AtomicReference<RuntimeException> failure, Semaphore done,
            AcceptedChunks accepted) {
        try {
            chunkPool.execute(() -> {
                try {
                    if (failure.get() == null) {
                        sendChunk(file, index, chunk, endpoint, actualFilename, accepted);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    window.release();
                    done.release();
                }
            });
        } catch (RejectedExecutionException e) {
            window.release();
            throw new IndexedCpException("the upload of " + file.clientName() + " was stopped; the rest stays in the buffer");
        }
    }

    /**
     * Sends one chunk: {@code read} if it was just read in, else (null) its row, read back now.
     * Once accepted, the chunk's row leaves the buffer through {@code accepted}: in the reading thread's
     * next transaction, or at once when nothing more is read.
     */
    private void sendChunk(BufferedFile file, int index, BufferedChunk read, UploadEndpoint endpoint,
            AtomicReference<String> actualFilename, AcceptedChunks accepted) {
        // Read now, on the pool's thread: the chunks in memory are the ones in the window. Retries resend the same bytes.
        BufferedChunk chunk = read != null ? read : buffer.read(file.id(), index);
        Outcome<ChunkReceipt> outcome = withRetries(file, index, () -> endpoint.sendChunk(file.clientName(), index,
                chunk.data(), file.uploadId(), chunk.contentDigest()));
        ChunkReceipt receipt = successOrThrow(outcome, file, "chunk " + index);
        if (receipt.actualFilename() != null) {
            actualFilename.set(receipt.actualFilename());
        }
        accepted.accepted(index);
        listener.chunkSent(file.clientName(), index, chunk.data().length);
    }

    /**
     * {@code POST /upload/complete}. 200: the file leaves the buffer. 404/405 from a server that
     * does not know upload ids: an old server, which wrote the file in place as it came — done.
     * 409 (chunks missing): ask again and send what is missing, once, if the buffer still holds it.
     * The upload fails, and the file leaves the buffer, on a 404 from a server that knows upload ids
     * (it lost the upload), on a 409 the buffer cannot repair, and on a 422 (the server's file is not
     * the one that was read): asking again would change none of them.
     */
    private String complete(BufferedFile file, UploadEndpoint endpoint, ServerHolds held, String fromChunks,
            boolean mayResend) {
        String clientName = file.clientName();
        CompletionRequest request = new CompletionRequest(clientName, file.uploadId(), file.chunkCount(), file.size(),
                file.sha256());
        Outcome<CompletionReceipt> outcome = withRetries(file, RetryEvent.COMPLETION, () -> endpoint.complete(request));
        if (outcome instanceof Outcome.Success<CompletionReceipt> success) {
            buffer.removeFile(file.id());
            String actual = success.value().actualFilename();
            return actual != null ? actual : baseName(clientName);
        }
        if (outcome instanceof Outcome.Fatal<CompletionReceipt> fatal) {
            int status = fatal.status();
            if ((status == 404 || status == 405) && !held.v2()) {
                buffer.removeFile(file.id());
                return fromChunks != null ? fromChunks : baseName(clientName);
            }
            if (status == 404) {
                throw dropped(file, 404, "the server no longer knows upload " + file.uploadId()
                        + " (expired or cancelled?), and the buffer no longer holds its chunks");
            }
            if (status == 409) {
                List<Integer> lacking = List.of();
                if (mayResend) {
                    ServerHolds now = serverHolds(file, endpoint);
                    lacking = lacking(file, now);
                    if (buffer.remainingChunks(file.id()).containsAll(lacking)) {
                        String resent = send(file, endpoint, lacking, now, false);
                        return complete(file, endpoint, now, resent != null ? resent : fromChunks, false);
                    }
                }
                // Accepted chunks leave the buffer, so what the server lacks now can never be sent again from it.
                throw dropped(file, 409, mayResend
                        ? "the server lacks chunks " + lacking + ", which the buffer no longer holds"
                        : "the server still lacks chunks after the missing ones were sent again (" + fatal.message() + ")");
            }
            if (status == 422) {
                throw dropped(file, 422, "the server's assembled file does not match the SHA-256 read when the file "
                        + "was added (did it change while being added?); it was not made visible ("
                        + fatal.message() + ")");
            }
        }
        return successOrThrow(outcome, file, "completion").actualFilename();
    }

    private static List<Integer> lacking(BufferedFile file, ServerHolds now) {
        List<Integer> lacking = new ArrayList<>();
        for (int index = 0; index < file.chunkCount(); index++) {
            if (!now.chunks().contains(index)) {
                lacking.add(index);
            }
        }
        return lacking;
    }

    /**
     * The server cannot finish this upload and the buffer no longer holds what would let it: the
     * file leaves the buffer, so that it does not fail every later flush, and the user is told to
     * upload it again.
     */
    private FileDroppedException dropped(BufferedFile file, int status, String why) {
        buffer.removeFile(file.id());
        return new FileDroppedException(status, file.clientName() + ": " + why
                + "; the file has left the buffer: upload it again");
    }

    private <T> Outcome<T> withRetries(BufferedFile file, int chunkIndex, Supplier<Outcome<T>> call) {
        try {
            return retrier.call(call, (retry, delay, cause) -> listener.retrying(
                    new RetryEvent(file.clientName(), chunkIndex, retry, delay, cause.reason())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted while uploading " + file.clientName()
                    + "; the rest stays in the buffer", e);
        }
    }

    private <T> T successOrThrow(Outcome<T> outcome, BufferedFile file, String what) {
        if (outcome instanceof Outcome.Success<T> success) {
            return success.value();
        }
        if (outcome instanceof Outcome.Fatal<T> fatal) {
            if (fatal.isAuthentication()) {
                throw new AuthenticationFailedException(fatal.status(), fatal.message());
            }
            throw new UploadRejectedException(fatal.status(), file.clientName() + ", " + what + ": " + fatal.message());
        }
        Outcome.Retryable<T> retryable = (Outcome.Retryable<T>) outcome;
        // The retry loop's reason says how it gave up: retries used up, or the busy-wait budget.
        throw new RetriesExhaustedException(file.clientName() + ", " + what + ": " + retryable.reason()
                + "; it stays in the buffer");
    }

    private static int chunkLength(BufferedFile file, int index) {
        long start = (long) index * file.chunkSize();
        return (int) Math.max(0, Math.min(file.chunkSize(), file.size() - start));
    }

    /** The last path segment, split on both separators as the server does. */
    static String baseName(String clientName) {
        int slash = Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\'));
        return clientName.substring(slash + 1);
    }
}
