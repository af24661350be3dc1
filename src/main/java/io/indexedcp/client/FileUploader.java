package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedChunk;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.buffer.ChunkBuffer;
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
 * kill after the last chunk is finished by the next run with the completion alone.
 *
 * <p>A file buffered before protocol v2 (no upload id) is sent as before: plain, and done when
 * its last chunk is accepted.
 *
 * <p>Chunks run on {@code chunkPool}, which the caller sizes to the parallelism and shares
 * between the files it uploads at once; a chunk's bytes are read from the buffer only when its
 * turn comes, so the chunks in memory never exceed the pool's threads.
 */
final class FileUploader {

    private final ChunkBuffer buffer;
    private final Retrier retrier;
    private final UploadListener listener;
    private final ExecutorService chunkPool;
    private final int parallelism;

    FileUploader(ChunkBuffer buffer, Retrier retrier, UploadListener listener, ExecutorService chunkPool, int parallelism) {
        this.buffer = buffer;
        this.retrier = retrier;
        this.listener = listener;
        this.chunkPool = chunkPool;
        this.parallelism = parallelism;
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
            actualFilename = sendMissing(file, endpoint, remaining, held);
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
        String fromChunks = sendMissing(file, endpoint, buffer.remainingChunks(file.id()), held);
        return complete(file, endpoint, held, fromChunks, true);
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
     * Sends the buffered chunks the server lacks, {@code parallelism} at a time; returns the last
     * {@code actualFilename} a chunk answer named (or the status's), for servers without completion.
     */
    private String sendMissing(BufferedFile file, UploadEndpoint endpoint, List<Integer> remaining, ServerHolds held) {
        AtomicReference<String> actualFilename = new AtomicReference<>(held.filename());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(parallelism);
        try {
            for (int index : remaining) {
                if (held.chunks().contains(index)) {
                    buffer.removeChunk(file.id(), index);
                    listener.chunkSkipped(file.clientName(), index, chunkLength(file, index));
                    continue;
                }
                inFlight.acquire();
                if (failure.get() != null) {
                    inFlight.release();
                    break;
                }
                try {
                    chunkPool.execute(() -> {
                        try {
                            if (failure.get() == null) {
                                sendChunk(file, index, endpoint, actualFilename);
                            }
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            inFlight.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    inFlight.release();
                    throw new IndexedCpException("the upload of " + file.clientName() + " was stopped; the rest stays in the buffer");
                }
            }
            // Wait for the chunks still in flight: all permits back means none is left.
            inFlight.acquire(parallelism);
            inFlight.release(parallelism);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted while uploading " + file.clientName()
                    + "; the rest stays in the buffer", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return actualFilename.get();
    }

    private void sendChunk(BufferedFile file, int index, UploadEndpoint endpoint, AtomicReference<String> actualFilename) {
        // Read now, on the pool's thread: the chunks in memory are the ones being sent. Retries resend the same bytes.
        BufferedChunk chunk = buffer.read(file.id(), index);
        Outcome<ChunkReceipt> outcome = withRetries(file, index, () -> endpoint.sendChunk(file.clientName(), index,
                chunk.data(), file.uploadId(), chunk.contentDigest()));
        ChunkReceipt receipt = successOrThrow(outcome, file, "chunk " + index);
        if (receipt.actualFilename() != null) {
            actualFilename.set(receipt.actualFilename());
        }
        buffer.removeChunk(file.id(), index);
        listener.chunkSent(file.clientName(), index, chunk.data().length);
    }

    /**
     * {@code POST /upload/complete}. 200: the file leaves the buffer. 404/405 from a server that
     * does not know upload ids: an old server, which wrote the file in place as it came — done.
     * 409 (chunks missing): ask again and send what is missing, once. 422: the server's file is
     * not the one that was read — the upload fails.
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
                throw new UploadRejectedException(404, clientName + ": the server no longer knows upload "
                        + file.uploadId() + " (expired?) and its chunks have left the buffer: upload the file again");
            }
            if (status == 409 && mayResend) {
                ServerHolds now = serverHolds(file, endpoint);
                List<Integer> lacking = new ArrayList<>();
                for (int index = 0; index < file.chunkCount(); index++) {
                    if (!now.chunks().contains(index)) {
                        lacking.add(index);
                    }
                }
                List<Integer> buffered = buffer.remainingChunks(file.id());
                if (!buffered.containsAll(lacking)) {
                    throw new UploadRejectedException(409, clientName + ": the server lacks chunks " + lacking
                            + " that have already left the buffer: upload the file again");
                }
                String resent = sendMissing(file, endpoint, lacking, now);
                return complete(file, endpoint, now, resent != null ? resent : fromChunks, false);
            }
            if (status == 422) {
                // Nothing will change by asking again, and the chunks are gone: do not keep a row that fails every flush.
                buffer.removeFile(file.id());
                throw new UploadRejectedException(422, clientName + ": the server's assembled file does not match the "
                        + "SHA-256 read when the file was added (did it change while being added?); it was not made "
                        + "visible and has left the buffer: upload it again (" + fatal.message() + ")");
            }
        }
        return successOrThrow(outcome, file, "completion").actualFilename();
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
        throw new RetriesExhaustedException(file.clientName() + ", " + what + ": still failing after "
                + retrier.policy().maxRetries() + " retries (" + retryable.reason() + "); it stays in the buffer");
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
