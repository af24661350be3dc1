package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedFile;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the buffered file a user means by a name given on the command line: the name it was added
 * under ({@code ls} shows it), else its path, else its base name — the name the server knows. The
 * closest kind of match wins, so {@code x.bin} means {@code ./x.bin} even when {@code other/x.bin}
 * is buffered too; two files that fit equally well are refused rather than guessed between.
 */
final class BufferedNames {

    private BufferedNames() {
    }

    static BufferedFile find(List<BufferedFile> files, String name) {
        for (Predicate<BufferedFile> fits : List.<Predicate<BufferedFile>>of(
                f -> f.clientName().equals(name),
                f -> f.path().equals(absolute(name)),
                f -> FileUploader.baseName(f.clientName()).equals(FileUploader.baseName(name)))) {
            List<BufferedFile> found = files.stream().filter(fits).toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.size() > 1) {
                throw new NotInBufferException(name + " fits several buffered files ("
                        + String.join(", ", found.stream().map(BufferedFile::clientName).toList())
                        + "): name one as 'indexedcp ls' shows it");
            }
        }
        throw new NotInBufferException("not in the buffer: " + name);
    }

    private static String absolute(String name) {
        try {
            return Path.of(name).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
