package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import picocli.CommandLine.Command;

@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Empty the buffer: forget every file not yet sent.",
        footer = ExitCodes.FOOTER)
final class ClearCommand extends ClientCommand {

    @Override
    public Integer call() {
        try (IndexedCpClient client = offlineClient()) {
            out().println("cleared " + client.clearBuffer() + " file(s)");
        }
        return ExitCodes.OK;
    }
}
