package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.buffer.BufferedFile;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List the buffered files: chunks left/total, bytes left, server, name. Prints nothing when the buffer is empty.",
        footer = ExitCodes.FOOTER)
final class LsCommand extends ClientCommand {

    @Override
    public Integer call() {
        List<BufferedFile> files;
        try (IndexedCpClient client = offlineClient()) {
            files = client.listBufferedFiles();
        }
        if (!files.isEmpty()) {
            out().printf("%-13s %14s  %-40s %s%n", "CHUNKS", "BYTES-LEFT", "SERVER", "FILE");
        }
        for (BufferedFile f : files) {
            out().printf("%-13s %14d  %-40s %s%n", f.remainingChunks() + "/" + f.chunkCount(), f.remainingBytes(),
                    f.serverUrl().map(Object::toString).orElse("-"), f.clientName());
        }
        return ExitCodes.OK;
    }
}
