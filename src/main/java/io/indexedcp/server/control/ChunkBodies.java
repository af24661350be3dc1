package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.storage.ChunkStorage;
import io.indexedcp.server.storage.StagedChunk;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Where a chunk's body waits for its commit. In memory when its {@code Content-Length} is known and
 * at most {@link #HELD_MAX}, and this server's budget for held bodies
 * ({@code INDEXEDCP_CHUNK_MEMORY_BYTES}) has room: the commit then writes it straight to its offset,
 * which spares every in-order chunk a staging file written, copied and deleted. Else (a chunked
 * body, a large one, the budget spent) in a staging file, as the body arrives. The budget bounds
 * what this server holds whatever the number of clients; it is per server, like the memory itself.
 */
@ApplicationScoped
public class ChunkBodies {

    /** Larger bodies always go to staging: the client's default chunk is 1 MiB. */
    static final int HELD_MAX = 4 * 1024 * 1024;

    /**
     * Held bodies from this size on are digested after they are read, by {@link ChunkDigest}: the
     * ones a commit writes straight to the disk ({@link UploadTransactions#UNSYNCED_CHUNK_MAX}).
     */
    static final int DIGESTED_WHEN_HELD_FROM = UploadTransactions.UNSYNCED_CHUNK_MAX + 1;

    @Inject
    ServerSettings settings;

    @Inject
    ChunkStorage storage;

    private Semaphore memory;
    private HeldArrays arrays;

    @PostConstruct
    void init() {
        open(settings.chunkMemoryBytes());
    }

    /** Starts with {@code memoryBytes} to hold bodies in. */
    void open(long memoryBytes) {
        memory = new Semaphore((int) Math.min(Integer.MAX_VALUE, memoryBytes));
        arrays = new HeldArrays(memoryBytes / 2); // beside the budget: at most half as much again, kept for reuse
    }

    /**
     * Reads the whole body, checked and digested by {@code body} as it streams; give the result
     * back to {@link #release} once the chunk is answered. A staging file is removed if reading
     * fails, and a held body's memory given back.
     */
    ChunkBody read(ChunkBodyStream body, long contentLength) throws IOException {
        if (contentLength >= 0 && contentLength <= HELD_MAX && memory.tryAcquire((int) contentLength)) {
            try {
                byte[] bytes = arrays.take((int) contentLength);
                if (bytes.length >= DIGESTED_WHEN_HELD_FROM) {
                    body.leaveDigestToHolder();
                }
                try {
                    // Straight into the array (readNBytes(n) copies pieces). A body that ends early throws: the
                    // stream checks the declared length, so a reused array's old bytes are never taken for the chunk's.
                    body.readNBytes(bytes, 0, bytes.length);
                    if (body.read() != -1) { // reaches the end, where the stream checks the declared length
                        throw new IncompleteBodyException("more than the " + contentLength + " bytes declared");
                    }
                } catch (IOException | RuntimeException e) {
                    arrays.give(bytes);
                    throw e;
                }
                return new ChunkBody.Held(bytes);
            } catch (IOException | RuntimeException e) {
                memory.release((int) contentLength);
                throw e;
            }
        }
        return new ChunkBody.Staged(storage.stage(body), false);
    }

    /**
     * The digest of a body {@link #read} from {@code body}: from the stream, or, where {@link #read}
     * left it to the holder, to be computed from the held bytes.
     */
    static ChunkDigest digest(ChunkBodyStream body, ChunkBody read) {
        return body.digests() ? ChunkDigest.known(body.sha256Hex()) : ChunkDigest.of(((ChunkBody.Held) read).bytes());
    }

    /**
     * The body in a synced staging file, for a chunk that will wait there: a held body is written to
     * a new one (which the caller owns from then on), a staged one synced unless it was already.
     */
    ChunkBody.Staged stagedDurably(ChunkBody body) throws IOException {
        StagedChunk file;
        if (body instanceof ChunkBody.Staged staged) {
            if (staged.durable()) {
                return staged;
            }
            file = staged.file();
        } else {
            file = storage.stage(new ByteArrayInputStream(((ChunkBody.Held) body).bytes()));
        }
        storage.forceStaged(file.stagedAs());
        return new ChunkBody.Staged(file, true);
    }

    /**
     * Gives a held body's memory back, once its chunk is answered and nothing reads its bytes any
     * more (its array may be reused at once); nothing for a staged one (its file is the caller's to
     * keep or discard).
     */
    void release(ChunkBody body) {
        if (body instanceof ChunkBody.Held held) {
            arrays.give(held.bytes());
            memory.release(held.bytes().length);
        }
    }
}
