package io.indexedcp.server.control;

import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Deletes the files a committed {@link UploadTransactions} operation no longer needs. Best-effort:
 * the commit stands whatever happens here, and the expiry job's sweep removes staging files that no
 * record refers to, so a failure is logged and never reaches the client.
 */
@ApplicationScoped
public class FileCleanup {

    private static final Logger LOG = Logger.getLogger(FileCleanup.class.getName());

    @Inject
    ChunkStorage storage;

    public void delete(List<String> files) {
        for (String file : files) {
            try {
                storage.delete(file);
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "Cannot delete " + file + " (the expiry sweep will): " + e);
            }
        }
    }
}
