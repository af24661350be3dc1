package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Without NAME: empty the buffer, forgetting every file not yet sent.",
            "With NAME…: forget only those files (the server is not told; 'indexedcp cancel' tells it too)."},
        footer = ExitCodes.FOOTER)
final class ClearCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "A buffered file: the name 'indexedcp ls' shows, its path, or its base name.")
    List<String> names;

    @Mixin
    BufferOptions buffer;

    @Mixin
    BufferWaitOption bufferWait;

    @Override
    void configure(IndexedCpClient.Builder builder) {
        buffer.applyTo(builder);
        bufferWait.applyTo(builder);
    }

    @Override
    public Integer call() {
        try (IndexedCpClient client = offlineClient()) {
            if (names == null || names.isEmpty()) {
                out().println("cleared " + Counts.of(client.clearBuffer(), "file"));
                return ExitCodes.OK;
            }
            return eachName(names, name -> "removed " + client.removeFromBuffer(name).clientName() + " from the buffer");
        }
    }
}
