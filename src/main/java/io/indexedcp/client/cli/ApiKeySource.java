package io.indexedcp.client.cli;

import java.io.Console;
import java.util.Map;

/**
 * Where the API key comes from, in the order users of both existing clients expect: the Node
 * client's variable, the Python client's variable, then a hidden prompt if a person is there to
 * answer it. Never from the command line, where it would end up in the shell history and in ps.
 */
final class ApiKeySource {

    static final String ENV = "INDEXEDCP_API_KEY";
    static final String PYTHON_ENV = "INDEXCP_API_KEY";

    private ApiKeySource() {
    }

    static String resolve(Map<String, String> environment, Console console) {
        for (String variable : new String[] {ENV, PYTHON_ENV}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        if (console != null) {
            char[] typed = console.readPassword("IndexedCP API key: ");
            if (typed != null && typed.length > 0) {
                return new String(typed).strip();
            }
        }
        throw new MissingApiKeyException();
    }
}
