package io.indexedcp.client.cli;

import java.io.Console;
import java.io.PrintWriter;
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
            StatusCommand.class, ClearCommand.class, CommandLine.HelpCommand.class},
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
            err.println("indexedcp: " + oneLine(e));
            return ExitCodes.of(e);
        });
        return commandLine.execute(args);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
