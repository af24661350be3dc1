package io.indexedcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were taken on, and what else was running meanwhile. */
final class Machine {

    private Machine() {
    }

    static List<String> describe(Path outputDir) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel());
        lines.add("memory: " + memTotal());
        lines.add("kernel: Linux " + read("/proc/sys/kernel/osrelease").trim());
        lines.add("JVM (benchmark and server): " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        lines.add("output directory: " + outputDir + " on " + fileSystem(outputDir));
        lines.add("commit: " + System.getProperty("bench.commit", "?"));
        return lines;
    }

    static String loadAverage() {
        String[] parts = read("/proc/loadavg").trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
    }

    /** The busiest processes right now (ps, by CPU share since they started), shortened. */
    static List<String> otherProcesses() {
        List<String> lines = new ArrayList<>();
        lines.add("load average " + loadAverage());
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "pid,pcpu,rss,etime,args", "--sort=-pcpu")
                    .redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes());
            ps.waitFor(10, TimeUnit.SECONDS);
            out.lines().skip(1).limit(8).forEach(l -> lines.add(l.length() > 160 ? l.substring(0, 160) + "…" : l));
        } catch (IOException | InterruptedException e) {
            lines.add("(ps failed: " + e + ")");
        }
        return lines;
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    }

    private static String memTotal() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
    }

    private static String fileSystem(Path dir) {
        String best = "?";
        int bestLength = -1;
        for (String line : read("/proc/mounts").lines().toList()) {
            String[] f = line.split(" ");
            if (f.length > 2 && dir.toString().startsWith(f[1]) && f[1].length() > bestLength) {
                bestLength = f[1].length();
                best = f[0] + " (" + f[2] + ", mounted at " + f[1] + ")";
            }
        }
        return best;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
