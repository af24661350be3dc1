package io.indexedcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from {@code /proc/<pid>/status}, and a sampler for its peak during a run. */
record Rss(long rssKiB, long hwmKiB) {

    static Rss of(long pid) {
        try {
            long rss = 0;
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            return new Rss(rss, hwm);
        } catch (IOException e) {
            return new Rss(-1, -1);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    double rssMiB() {
        return Math.round(rssKiB / 102.4) / 10.0;
    }

    double hwmMiB() {
        return Math.round(hwmKiB / 102.4) / 10.0;
    }

    /**
     * Samples VmRSS every 10 ms between {@link #start()} and {@link #stop()}, possibly over several
     * runs; {@link #peakMiB()} is the largest sample of each run. (VmHWM cannot tell one run from the
     * next: it is the process's peak since it started.)
     */
    static final class Sampler {
        private final long pid;
        private final java.util.List<Double> peaks = new java.util.ArrayList<>();
        private volatile boolean running;
        private Thread thread;
        private long peakKiB;

        Sampler(long pid) {
            this.pid = pid;
        }

        void start() {
            peakKiB = 0;
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    peakKiB = Math.max(peakKiB, Rss.of(pid).rssKiB());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            peakKiB = Math.max(peakKiB, Rss.of(pid).rssKiB());
            peaks.add(Math.round(peakKiB / 102.4) / 10.0);
        }

        /** Peak of each sampled run (warm-up included), in MiB. */
        double[] peakMiB() {
            return peaks.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
