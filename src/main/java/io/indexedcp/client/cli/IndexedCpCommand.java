package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpException;
import io.indexedcp.client.buffer.BufferException;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code indexedcp}: the root command; it only dispatches to its subcommands. */
@Command(name = "indexedcp",
        mixinStandardHelpOptions = true,
        version = "indexedcp 0.1.0",
        description = "Resumable, chunked file uploads to an IndexedCP server, buffered in SQLite.",
        subcommands = {
            UploadCommand.class, AddCommand.class, LsCommand.class, FlushCommand.class,
            StatusCommand.class, CancelCommand.class, ClearCommand.class, KeygenCommand.class,
            CommandLine.HelpCommand.class},
        footer = ExitCodes.FOOTER)
public final class IndexedCpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    final Map<String, String> environment;
    final Console console;

    IndexedCpCommand(Map<String, String> environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.console(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** The whole tool, minus {@code System.exit}; the environment and console come in for tests. */
    static int run(String[] args, Map<String, String> environment, Console console, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new IndexedCpCommand(environment, console));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            err.println("indexedcp: " + e.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("indexedcp: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            List<Throwable> failures = failures(e);
            failures.forEach(failure -> err.println("indexedcp: " + oneLine(failure)));
            return ExitCodes.of(failures);
        });
        return commandLine.execute(args);
    }

    /**
     * The failure and those the client added to it, one per file that failed (see {@code UploadRun}),
     * each message once: a run over many files reports every file's own reason, not just the first.
     */
    private static List<Throwable> failures(Throwable e) {
        Map<String, Throwable> byMessage = new LinkedHashMap<>();
        byMessage.put(oneLine(e), e);
        for (Throwable other : e.getSuppressed()) {
            if (other instanceof IndexedCpException || other instanceof BufferException) {
                byMessage.putIfAbsent(oneLine(other), other);
            }
        }
        return new ArrayList<>(byMessage.values());
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
