package io.indexedcp.client.cli;

import io.indexedcp.protocol.ApiKeys;
import io.indexedcp.protocol.PrincipalNames;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code indexedcp keygen NAME}: a new named API key and the line that grants it, for the server's
 * {@code INDEXEDCP_KEYS_FILE}. Works offline: the server never sees the key, only its hash in that
 * line, so the key is printed this once and kept nowhere.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Make a new API key for a named caller: prints the key on the first line and, on the second,"
                + " the line to add to the server's keys file (INDEXEDCP_KEYS_FILE): NAME ROLE SHA256-OF-KEY.",
            "The key is shown only now: give it to its holder; the server keeps only its hash."},
        footer = {"", "Exit status: 0 done; 2 wrong usage (an unsafe NAME or unknown ROLE)."})
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Who holds the key: " + PrincipalNames.RULE + ".")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "uploader",
            completionCandidates = Roles.class,
            description = "uploader (its own uploads), admin (every upload) or reader (list and status only);"
                    + " default: ${DEFAULT-VALUE}.")
    String role;

    @Override
    public Integer call() {
        PrincipalNames.problem(name).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "NAME: " + problem);
        });
        if (!ApiKeys.ROLES.contains(role)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--role must be one of " + String.join(", ", ApiKeys.ROLES) + ", not '" + role + "'");
        }
        String key = ApiKeys.newKey();
        spec.commandLine().getOut().println(key);
        spec.commandLine().getOut().println(ApiKeys.keysFileLine(name, role, key));
        spec.commandLine().getErr().println("indexedcp: the key (first line) is shown only now; add the second line"
                + " to the server's keys file (INDEXEDCP_KEYS_FILE), which is re-read within a second");
        return ExitCodes.OK;
    }

    /** For --help and shell completion. */
    static final class Roles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ApiKeys.ROLES.iterator();
        }
    }
}
