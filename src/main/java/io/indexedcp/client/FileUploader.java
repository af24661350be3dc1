package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.buffer.ChunkBuffer;
import io.indexedcp.client.retry.Retrier;
import io.indexedcp.client.transfer.Outcome;
import io.indexedcp.client.transfer.UploadEndpoint;
import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.UploadStatus;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moves one buffered file to one server: ask what the server holds, send the rest chunk by chunk
 * (each through the retry loop), and take each chunk out of the buffer only after the server has
 * accepted it, so that a kill at any moment loses nothing.
 */
final class FileUploader {

    private final ChunkBuffer buffer;
    private final Retrier retrier;
    private final UploadListener listener;

    FileUploader(ChunkBuffer buffer, Retrier retrier, UploadListener listener) {
        this.buffer = buffer;
        this.retrier = retrier;
        this.listener = listener;
    }

    /** @return the name the server stored the file under ({@code actualFilename}) */
    String upload(BufferedFile file, UploadEndpoint endpoint) {
        String clientName = file.clientName();
        listener.fileStarted(clientName, file.remainingChunks(), file.remainingBytes());
        List<Integer> remaining = buffer.remainingChunks(file.id());
        String actualFilename = null;
        if (!remaining.isEmpty()) {
            ServerHolds held = serverHolds(file, endpoint);
            actualFilename = held.filename();
            for (int index : remaining) {
                int bytes = chunkLength(file, index);
                if (held.chunks().contains(index)) {
                    buffer.removeChunk(file.id(), index);
                    listener.chunkSkipped(clientName, index, bytes);
                    continue;
                }
                ChunkReceipt receipt = sendChunk(file, index, endpoint);
                if (receipt.actualFilename() != null) {
                    actualFilename = receipt.actualFilename();
                }
                buffer.removeChunk(file.id(), index);
                listener.chunkSent(clientName, index, bytes);
            }
        }
        buffer.removeFileIfDone(file.id());
        String stored = actualFilename != null ? actualFilename : baseName(clientName);
        listener.fileDone(clientName, stored);
        return stored;
    }

    private record ServerHolds(String filename, Set<Integer> chunks) {
    }

    /** What the server holds; nothing if it has no status endpoint (an old server answers 404). */
    private ServerHolds serverHolds(BufferedFile file, UploadEndpoint endpoint) {
        String name = baseName(file.clientName());
        Outcome<UploadStatus> outcome = withRetries(file, RetryEvent.STATUS_REQUEST, () -> endpoint.status(name));
        if (outcome instanceof Outcome.Fatal<UploadStatus> fatal && fatal.status() == 404) {
            return new ServerHolds(null, Set.of());
        }
        UploadStatus status = successOrThrow(outcome, file, "status request");
        Set<Integer> chunks = status.receivedChunks() == null ? Set.of() : new TreeSet<>(status.receivedChunks());
        return new ServerHolds(status.filename(), chunks);
    }

    private ChunkReceipt sendChunk(BufferedFile file, int index, UploadEndpoint endpoint) {
        // One chunk in memory at a time; the retries resend the same bytes.
        byte[] data = buffer.readChunk(file.id(), index);
        Outcome<ChunkReceipt> outcome = withRetries(file, index,
                () -> endpoint.sendChunk(file.clientName(), index, data));
        return successOrThrow(outcome, file, "chunk " + index);
    }

    private <T> Outcome<T> withRetries(BufferedFile file, int chunkIndex, java.util.function.Supplier<Outcome<T>> call) {
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
