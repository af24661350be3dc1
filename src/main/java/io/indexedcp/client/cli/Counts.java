package io.indexedcp.client.cli;

/** "1 chunk", "2 chunks", "1 byte": counts as a person writes them. */
final class Counts {

    private Counts() {
    }

    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
