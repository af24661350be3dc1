package io.indexedcp.server.control;

import java.nio.charset.StandardCharsets;

/**
 * Turns the name a client sends into the base name of a file in the output directory. Clients
 * send whatever path they were given ({@code ./data/x.bin}, {@code /home/u/x.bin},
 * a Windows path such as {@code C:\\Users\\me\\x.bin}); only the last segment is kept, split on both separators, so no
 * {@code ..} segment can ever take effect.
 */
public final class FileNames {

    static final int MAX_UTF8_BYTES = 255;

    private FileNames() {
    }

    /** The validated base name, or {@link InvalidFileNameException} saying what is wrong with it. */
    public static String baseName(String clientName) {
        if (clientName == null || clientName.isEmpty()) {
            throw new InvalidFileNameException("missing X-File-Name");
        }
        int lastSeparator = Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\'));
        String base = clientName.substring(lastSeparator + 1);
        if (base.isEmpty()) {
            throw new InvalidFileNameException("the name ends in a path separator");
        }
        if (base.equals(".") || base.equals("..")) {
            throw new InvalidFileNameException("'" + base + "' is not a file name");
        }
        if (base.startsWith(".")) {
            throw new InvalidFileNameException("names starting with '.' are reserved");
        }
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidFileNameException("control characters are not allowed");
            }
        }
        if (base.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            throw new InvalidFileNameException("longer than " + MAX_UTF8_BYTES + " bytes");
        }
        return base;
    }
}
