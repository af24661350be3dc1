package io.indexedcp.server.config;

import io.indexedcp.protocol.ApiKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * The one API key of this server. Configured through {@code INDEXEDCP_API_KEY}; without it the key
 * kept in the output directory's {@code .indexcp_api_key} (owner-only), made there at the first
 * start as a random 256-bit key, so that a restart does not re-key every client, and several
 * instances sharing one output directory share it too. No client-chosen name can reach that file
 * (names starting with a dot are refused).
 */
@ApplicationScoped
public class ApiKey {

    public static final String PROPERTY = "INDEXEDCP_API_KEY";
    /** The key file's name in the output directory. */
    public static final String KEY_FILE = ".indexcp_api_key";

    @Inject
    ServerSettings settings;

    private byte[] key;
    /** Where the key came from, for {@link #announce()}. */
    private String origin;

    @PostConstruct
    void init() {
        String value = Configuration.value(PROPERTY).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (value != null) {
            origin = "taken from configuration (" + PROPERTY + ")";
        } else {
            value = fromKeyFile(settings.outputDirectory().resolve(KEY_FILE));
        }
        key = value.getBytes(StandardCharsets.UTF_8);
    }

    /** The key in the file, made first (by this start, or by whichever instance got there first) if missing. */
    private String fromKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                String made = ApiKeys.newKey();
                Files.createDirectories(file.getParent());
                // Written whole under a name of its own, then linked into place: link() fails if the name exists,
                // so of instances starting together one key wins and no one ever reads a half-written file.
                Path written = Files.createTempFile(file.getParent(), KEY_FILE, ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(written, made + "\n");
                    Files.createLink(file, written);
                    origin = "generated now and kept in " + file + ": " + made;
                    return made;
                } catch (FileAlreadyExistsException anotherInstanceWasFirst) {
                    // read the one it wrote
                } finally {
                    Files.deleteIfExists(written);
                }
            }
            String kept = Files.readString(file).strip();
            if (kept.isEmpty()) {
                throw new IllegalStateException("the API key file " + file + " is empty: delete it to have a new key"
                        + " made, or set " + PROPERTY);
            }
            origin = "kept in " + file;
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API key file " + file + "; set " + PROPERTY
                    + " instead", e);
        }
    }


    /** Constant-time comparison, so the answer time tells nothing about how much of a guess was right. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Says where the key came from; the key itself only when this start made it. */
    /** Where the key came from, and the key itself only when this start generated it. */
    public String origin() {
        return origin;
    }
}
