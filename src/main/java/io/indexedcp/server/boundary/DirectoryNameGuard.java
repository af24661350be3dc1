package io.indexedcp.server.boundary;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.control.FileNames;
import io.indexedcp.server.control.StoredNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file cannot be written, or renamed into place, where a directory of its name stands in the
 * output directory, nor a principal's file where a file holds its directory's name: such a chunk
 * or completion is refused with 409 before anything is stored,
 * instead of failing deep in the storage with a 500. A bad name is left to the usual validation.
 */
@ApplicationScoped
class DirectoryNameGuard {

    @Inject
    ServerSettings settings;

    void refuseDirectory(String owner, String clientName) {
        if (clientName == null || clientName.isEmpty()) {
            return;
        }
        String baseName = FileNames.baseName(clientName);
        Path target = settings.outputDirectory().resolve(StoredNames.of(owner, baseName));
        Path ownerDirectory = target.getParent();
        if (!ownerDirectory.equals(settings.outputDirectory()) && Files.exists(ownerDirectory, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(ownerDirectory, LinkOption.NOFOLLOW_LINKS)) {
            throw new WebApplicationException(ErrorResponses.of(409,
                    "The directory of " + owner + "'s files is taken by a file of that name on the server"));
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new WebApplicationException(ErrorResponses.of(409,
                    "File name taken by a directory: " + baseName + " is a directory on the server"));
        }
    }
}
