package io.indexedcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds a process has used (user + system, {@code /proc/<pid>/stat} fields 14 and 15): the
 * before/after difference around a run is what that run cost the process, on whichever core.
 */
final class ProcCpu {

    /** USER_HZ; 100 on every Linux the project runs on (getconf CLK_TCK), and not readable from Java. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    /** CPU seconds of {@code pid}; 0 when it is gone (a backend that ended between two readings). */
    static double seconds(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException gone) {
            return 0;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** CPU seconds of a process and its live descendants (nginx: the master and its workers). */
    static double treeSeconds(long pid) throws IOException {
        double sum = seconds(pid);
        try (Stream<ProcessHandle> children = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)) {
            for (ProcessHandle child : children.toList()) {
                sum += seconds(child.pid());
            }
        }
        return sum;
    }
}
