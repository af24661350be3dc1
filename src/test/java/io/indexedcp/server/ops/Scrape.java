package io.indexedcp.server.ops;

import java.util.HashMap;
import java.util.Map;

/**
 * One Prometheus text answer, by series: {@code name{labels}} as the server wrote it (Payara puts
 * {@code mp_scope} first, then the metric's own tags in the order they were given).
 */
final class Scrape {

    private final Map<String, Double> series = new HashMap<>();

    Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    /** An application metric without tags of its own; 0 when absent (a tagged counter not yet used). */
    double app(String name) {
        return series.getOrDefault(name + "{mp_scope=\"application\"}", 0.0);
    }

    double app(String name, String tag, String value) {
        return series.getOrDefault(name + "{mp_scope=\"application\"," + tag + "=\"" + value + "\"}", 0.0);
    }

    boolean has(String name) {
        return series.containsKey(name + "{mp_scope=\"application\"}");
    }
}
