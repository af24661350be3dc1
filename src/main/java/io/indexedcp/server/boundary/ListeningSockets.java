package io.indexedcp.server.boundary;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this process listens on, read from Linux's {@code /proc}: the only account of
 * where the server really listens that does not depend on the container's API or on how it was
 * configured (a pre-boot command, {@code --port}, auto-binding). Elsewhere the list is empty.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static List<InetSocketAddress> ofThisProcess() {
        return ofProcess(Path.of("/proc/self"));
    }

    /** The sockets of the process whose {@code /proc/<pid>} directory this is. */
    static List<InetSocketAddress> ofProcess(Path procDirectory) {
        try {
            Set<String> ours = socketInodes(procDirectory.resolve("fd"));
            List<InetSocketAddress> listening = new ArrayList<>();
            listening.addAll(listeningIn(procDirectory.resolve("net/tcp"), ours));
            listening.addAll(listeningIn(procDirectory.resolve("net/tcp6"), ours));
            return listening;
        } catch (IOException | RuntimeException notLinux) {
            return List.of();
        }
    }

    /** The inodes of the sockets among this process's open files ({@code socket:[12345]}). */
    private static Set<String> socketInodes(Path fdDirectory) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDirectory)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not ours any more
                }
            }
        }
        return inodes;
    }

    /** Lines of {@code /proc/net/tcp[6]}: {@code sl local_address rem_address st … inode}, addresses in hex. */
    private static List<InetSocketAddress> listeningIn(Path table, Set<String> ours) throws IOException {
        List<InetSocketAddress> found = new ArrayList<>();
        if (!Files.exists(table)) {
            return found;
        }
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 9 && LISTEN.equals(fields[3]) && ours.contains(fields[9])) {
                String[] local = fields[1].split(":");
                found.add(new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return found;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
