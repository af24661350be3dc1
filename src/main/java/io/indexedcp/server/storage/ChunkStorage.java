package io.indexedcp.server.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where chunk bytes go. Two kinds of name: a staged chunk is known by its staging file's name
 * ({@code stagedAs}: {@link #stage}, {@link #forceStaged}, {@link #discard}, {@link TargetFile#copyStaged});
 * every other file by its path relative to the output directory — a plain base name is a visible
 * file, {@link #newAssemblyName()}, {@link #moveAside} and {@link #stagingPath} give paths into
 * staging. Writes at an offset are idempotent, so two servers doing the same step cannot disagree.
 */
public interface ChunkStorage {

    /**
     * Streams {@code body} to a new staging file (not yet synced: see {@link #forceStaged}). If
     * reading the body fails, the staging file is removed and the exception passes through:
     * nothing is left behind.
     */
    StagedChunk stage(InputStream body) throws IOException;

    /**
     * Syncs a staged chunk's bytes, for a chunk that will wait in staging; its name is durable only
     * after {@link #forceStagingDirectory()}, which one call can do for many chunks.
     */
    void forceStaged(String stagedAs) throws IOException;

    /** Syncs the staging area's directory entries: the names of files created there since the last call. */
    void forceStagingDirectory() throws IOException;

    /** Cuts {@code file} back to {@code size} bytes if it is longer; a missing file is left missing. */
    void truncate(String file, long size) throws IOException;

    /**
     * Opens {@code target} to place chunks into it from {@code offset} on, creating it when the
     * offset is 0; NoSuchFileException if it is gone and the offset is not 0 (a file must never
     * silently start again with a hole where its earlier chunks were).
     */
    TargetFile openTarget(String target, long offset) throws IOException;

    /**
     * Renames {@code file} into staging under a fresh name and returns that name (relative to the
     * output directory, for a later {@link #delete}); null when there is no such file. Used instead
     * of deleting a file that a newer upload may re-create under the same name meanwhile.
     */
    String moveAside(String file) throws IOException;

    /** The name relative to the output directory of the staging file {@code stagedAs}, for {@link #delete}. */
    String stagingPath(String stagedAs);

    /** Removes a staging file; a missing one is not an error. */
    void discard(String stagedAs) throws IOException;

    /** Bytes the output volume can still take. */
    long usableSpace() throws IOException;

    /** A fresh temporary file name in staging, where a v2 upload is assembled until completed. */
    String newAssemblyName();

    boolean exists(String file);

    /** Hex SHA-256 of a whole file, streamed. */
    String sha256Hex(String file) throws IOException;

    /** Size of a file in bytes. */
    long size(String file) throws IOException;

    /**
     * Makes an assembled file visible under its final name in one atomic rename, replacing an
     * older file of that name; readers see the old file or the new one, never a part.
     */
    void publish(String assembledAs, String fileName) throws IOException;

    /**
     * Staging files last modified before {@code cutoff}, by the name a record would use: the
     * plain name for staged chunks, the relative path for assemblies.
     */
    java.util.List<String> stagingFilesOlderThan(java.time.Instant cutoff) throws IOException;

    /** Removes a file (staging or visible); a missing one is not an error. */
    void delete(String file) throws IOException;
}
