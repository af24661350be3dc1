package io.indexedcp.server.identity;

import io.indexedcp.protocol.PrincipalNames;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The lines of {@code INDEXEDCP_KEYS_FILE}: {@code name role sha256-hex}, {@code #} starting a
 * comment. A bad line is skipped with a warning that gives its number and what is wrong, never its
 * fields (a key pasted by mistake in place of its hash would otherwise end up in the log); the other
 * lines still count, so one typo does not lock everybody out.
 */
final class KeyLines {

    private static final Logger LOG = Logger.getLogger(KeyLines.class.getName());
    private static final Pattern HEX_64 = Pattern.compile("[0-9A-Fa-f]{64}");

    /** One caller of the file and the SHA-256 of its key. */
    record Entry(Caller caller, byte[] keyHash) {
    }

    private KeyLines() {
    }

    /** The callers the lines grant; {@code source} names the file in warnings. */
    static List<Entry> parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String text = withoutComment(lines.get(i)).strip();
            if (text.isEmpty()) {
                continue;
            }
            Optional<Entry> entry = entry(text, problem -> warn(source, number, problem));
            if (entry.isEmpty()) {
                continue;
            }
            String name = entry.get().caller().name();
            Integer earlier = lineOfName.putIfAbsent(name, number);
            if (earlier != null) {
                warn(source, number, "'" + name + "' is already granted on line " + earlier);
                continue;
            }
            Integer sameKey = sameKeyAs(entries, entry.get(), lineOfName);
            if (sameKey != null) {
                lineOfName.remove(name);
                warn(source, number, "the same key as line " + sameKey + "'s: one key must name one caller");
                continue;
            }
            entries.add(entry.get());
        }
        return List.copyOf(entries);
    }

    private static Optional<Entry> entry(String text, Consumer<String> complaint) {
        String[] fields = text.split("\\s+");
        if (fields.length != 3) {
            complaint.accept("expected 'name role sha256-hex', found " + fields.length + " field(s)");
            return Optional.empty();
        }
        Optional<String> badName = PrincipalNames.problem(fields[0]);
        if (badName.isPresent()) {
            complaint.accept(badName.get());
            return Optional.empty();
        }
        Optional<Role> role = Role.parse(fields[1]);
        if (role.isEmpty()) {
            complaint.accept("the role must be uploader, admin or reader");
            return Optional.empty();
        }
        if (!HEX_64.matcher(fields[2]).matches()) {
            complaint.accept("the third field must be the key's SHA-256 as 64 hex digits (not the key)");
            return Optional.empty();
        }
        return Optional.of(new Entry(new Caller(fields[0], role.get()), HexFormat.of().parseHex(fields[2])));
    }

    private static Integer sameKeyAs(List<Entry> entries, Entry entry, Map<String, Integer> lineOfName) {
        for (Entry other : entries) {
            if (MessageDigest.isEqual(other.keyHash(), entry.keyHash())) {
                return lineOfName.get(other.caller().name());
            }
        }
        return null;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static void warn(String source, int number, String problem) {
        LOG.warning(() -> source + " line " + number + " skipped: " + problem);
    }
}
